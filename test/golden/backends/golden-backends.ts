// The backends whose golden files live here and are written by write-golden.ts (this helper's
// renderers); another backend adds its own folder and entry.
import type { BackendId } from '../../../worker/options/user-options.ts';

export const GOLDEN_BACKENDS: readonly BackendId[] = ['buildRustPackage', 'crane', 'naersk', 'crate2nix', 'dream2nix'];
