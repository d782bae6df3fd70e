// The choices a user makes about the outputs, in one JSON shape shared by the site's Options panel,
// share links (`#s=`) and the command line's `--options <json>`. Values from outside (a link, a file)
// are checked field by field; a bad field is named, never silently dropped.
import type { FlakeOptions } from '../render/cargo2nix/flake-options.ts';
import { DEFAULT_CARGO2NIX_REF } from '../render/cargo2nix/flake-catalogue.ts';

/** Every tool the playground writes files for; cargo2nix is the default and stays byte-identical. */
export const BACKENDS = ['cargo2nix', 'crate2nix', 'buildRustPackage', 'crane', 'naersk', 'dream2nix'] as const;
export type BackendId = (typeof BACKENDS)[number];

export function isBackendId(value: unknown): value is BackendId {
  return typeof value === 'string' && (BACKENDS as readonly string[]).includes(value);
}

export interface UserOptions {
  /** Which tool's files the user looks at and downloads. */
  readonly backend: BackendId;
  /** cargo2nix ref the flake pins, one the flake catalogue offers (e.g. `release-0.12`). */
  readonly cargo2nixRelease: string;
  /** Rust toolchain for the flake; empty means "from rust-version, else the default". */
  readonly rustVersion: string;
  /** Extra target triples to build packages for (e.g. x86_64-unknown-linux-musl). */
  readonly targets: readonly string[];
  /** Build in release mode. */
  readonly release: boolean;
  /** Root features, space or comma separated, e.g. `app/default app/tls`; empty means each member's default. */
  readonly rootFeatures: string;
}

export const DEFAULT_USER_OPTIONS: UserOptions = {
  backend: 'cargo2nix',
  cargo2nixRelease: DEFAULT_CARGO2NIX_REF,
  rustVersion: '',
  targets: [],
  release: true,
  rootFeatures: '',
};

export class OptionsError extends Error {}

/**
 * Reads options from JSON-ish input; absent fields take their defaults. `strict` (the command line)
 * also refuses unknown fields, so a typo is not ignored; links stay lenient so that a link made by
 * a newer page with an extra option still opens.
 */
export function parseUserOptions(value: unknown, { where = 'options', strict = false }: { where?: string; strict?: boolean } = {}): UserOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OptionsError(`${where} must be a JSON object`);
  const input = value as Record<string, unknown>;
  const field = (name: keyof UserOptions) => `${where}.${name}`;
  const out: { -readonly [K in keyof UserOptions]: UserOptions[K] } = { ...DEFAULT_USER_OPTIONS };
  for (const [key, v] of Object.entries(input)) {
    switch (key) {
      case 'backend':
        if (!isBackendId(v)) throw new OptionsError(`${field('backend')} must be one of ${BACKENDS.join(', ')}; got ${JSON.stringify(v)}`);
        out.backend = v;
        break;
      case 'cargo2nixRelease':
      case 'rustVersion':
      case 'rootFeatures':
        if (typeof v !== 'string') throw new OptionsError(`${field(key)} must be a string; got ${JSON.stringify(v)}`);
        out[key] = v;
        break;
      case 'release':
        if (typeof v !== 'boolean') throw new OptionsError(`${field('release')} must be true or false; got ${JSON.stringify(v)}`);
        out.release = v;
        break;
      case 'targets':
        if (!Array.isArray(v) || !v.every((t) => typeof t === 'string'))
          throw new OptionsError(`${field('targets')} must be a list of target triples`);
        out.targets = [...(v as string[])];
        break;
      default:
        if (strict) throw new OptionsError(`${where} has no field ${JSON.stringify(key)}; known: ${Object.keys(DEFAULT_USER_OPTIONS).join(', ')}`);
    }
  }
  return out;
}

/** Root features as the flake and cargo2nix's makePackageSet take them. */
export function rootFeatureList(options: Pick<UserOptions, 'rootFeatures'>): string[] {
  return options.rootFeatures.split(/[\s,]+/).filter(Boolean);
}

/** The flake part of the options, as the renderers read it. */
export function flakeOptionsOf(options: UserOptions): FlakeOptions {
  const rootFeatures = rootFeatureList(options);
  return {
    cargo2nixRef: options.cargo2nixRelease,
    ...(options.rustVersion ? { rustVersion: options.rustVersion } : {}),
    extraTargets: [...options.targets],
    release: options.release,
    ...(rootFeatures.length > 0 ? { rootFeatures } : {}),
  };
}
