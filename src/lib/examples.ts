// Bundled examples: real workspaces with the crate metadata they need, so
// they render instantly and without network. The JSON files under
// public/examples are built from test/fixtures by test/tools/build-examples.ts
// (golden cases, and small workspaces written for the documentation page).
import type { MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import type { InputFile } from './workspace-files.ts';

export interface Example {
  readonly id: string;
  readonly title: string;
}

export const EXAMPLES: readonly Example[] = [
  { id: 'hello-world', title: 'Hello world' },
  { id: 'bigger-project', title: 'A bigger project (reqwest, tokio)' },
  { id: 'cross-compiling', title: 'Cross-compiling (build script deps)' },
  { id: 'workspace', title: 'A workspace (3 members, proc-macro)' },
  { id: 'features', title: 'Features, renames, profiles' },
  // Small ones, one idea each; the documentation page (/docs) embeds them.
  { id: 'workspace-members', title: 'Small: a two-member workspace' },
  { id: 'root-features', title: 'Small: optional features' },
  { id: 'target-deps', title: 'Small: platform-specific dependencies' },
  { id: 'build-script', title: 'Small: a build script (cc)' },
  { id: 'sys-crate', title: 'Small: a -sys crate (libz-sys)' },
];

export interface LoadedExample {
  readonly files: InputFile[];
  readonly snapshot: MetadataSnapshot;
}

async function fetchExample(id: string): Promise<LoadedExample> {
  const res = await fetch(`${import.meta.env.BASE_URL}examples/${id}.json`);
  if (!res.ok) throw new Error(`example ${id} could not be loaded (${res.status})`);
  const data = (await res.json()) as { files: Record<string, string>; snapshot: MetadataSnapshot };
  return { files: Object.entries(data.files).map(([path, text]) => ({ path, text })), snapshot: data.snapshot };
}

/** Examples requested ahead of the app (prefetchExample), each handed out once. */
const prefetched = new Map<string, Promise<LoadedExample>>();

/**
 * Start loading an example before the app asks for it (main.ts, while the app's code loads), so
 * that its data is there when the app starts. Unknown ids are ignored; a failure waits for
 * loadExample to report it.
 */
export function prefetchExample(id: string): void {
  if (prefetched.has(id) || !EXAMPLES.some((e) => e.id === id)) return;
  const loading = fetchExample(id);
  loading.catch(() => undefined); // not unhandled: loadExample hands the failure on if the app asks
  prefetched.set(id, loading);
}

/** The example's files and metadata: the prefetched copy the first time, a fresh request after that. */
export function loadExample(id: string): Promise<LoadedExample> {
  const early = prefetched.get(id);
  if (early) {
    prefetched.delete(id);
    return early;
  }
  return fetchExample(id);
}
