// An alternative sparse registry's `config.json` (at the root of its index),
// and where its `.crate` files are, following cargo's registry documentation:
// `dl` is a URL template with the markers `{crate}`, `{version}`, `{prefix}`,
// `{lowerprefix}` and `{sha256-checksum}`; a `dl` with none of them is a base
// to which `/{crate}/{version}/download` is added. `{prefix}` is the index
// directory of the name as spelled (`1`, `2`, `3/a`, `ab/cd`).
import { GeneratorError } from '../../core/errors.ts';
import { hostOf, request, type HttpPolicy } from './http.ts';

export interface RegistryConfig {
  /** The download URL template, as the registry wrote it. */
  readonly dl: string;
  /** Whether the registry wants a token for everything (cargo's `auth-required`). */
  readonly authRequired: boolean;
}

const MARKERS = ['{crate}', '{version}', '{prefix}', '{lowerprefix}', '{sha256-checksum}'] as const;

/** The directory cargo files a crate's index entry under, keeping the name's case. */
export function crateDirPrefix(name: string): string {
  if (name.length <= 2) return String(name.length);
  if (name.length === 3) return `3/${name[0]}`;
  return `${name.slice(0, 2)}/${name.slice(2, 4)}`;
}

export function needsChecksum(dl: string): boolean {
  return dl.includes('{sha256-checksum}');
}

/** The download URL of `name@version` under `dl`; `checksum` is required when the template asks for it. */
export function downloadUrl(dl: string, name: string, version: string, checksum?: string): string {
  if (!MARKERS.some((m) => dl.includes(m))) return `${dl.replace(/\/+$/, '')}/${encodeURIComponent(name)}/${encodeURIComponent(version)}/download`;
  const prefix = crateDirPrefix(name);
  const values: Record<(typeof MARKERS)[number], string | undefined> = {
    '{crate}': name,
    '{version}': version,
    '{prefix}': prefix,
    '{lowerprefix}': prefix.toLowerCase(),
    '{sha256-checksum}': checksum,
  };
  // One pass, so a value that happens to contain a marker is not expanded again.
  return dl.replace(/\{(crate|version|prefix|lowerprefix|sha256-checksum)\}/g, (marker) => {
    const value = values[marker as (typeof MARKERS)[number]];
    if (value === undefined) throw new Error(`no value for ${marker}`);
    // `+` (build metadata) must reach storage encoded, or it reads as a space; prefixes keep their `/`.
    return marker.endsWith('prefix}') ? value : encodeURIComponent(value);
  });
}

/** Parse `config.json`; the Error says what is wrong with it, the caller says whose it is. */
export function parseRegistryConfig(text: string): RegistryConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not a JSON object');
  const { dl, 'auth-required': auth } = doc as { dl?: unknown; 'auth-required'?: unknown };
  if (typeof dl !== 'string' || dl === '') throw new Error('no `dl` string');
  let parsed: URL;
  try {
    parsed = new URL(dl.replace(/\{[a-z0-9-]+\}/g, 'x'));
  } catch {
    throw new Error(`\`dl\` is not an absolute URL: ${dl}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`\`dl\` is not an http(s) URL: ${dl}`);
  return { dl, authRequired: auth === true };
}

/** Fetch and check `<indexBase>/config.json` of the registry `registry` (its lock-file spelling). */
export function fetchRegistryConfig(
  policy: HttpPolicy,
  indexBase: string,
  registry: string,
  crate: string,
  unreachable?: (detail: string) => string,
): Promise<RegistryConfig> {
  const url = `${indexBase.replace(/\/+$/, '')}/config.json`;
  const located = (message: string) => new GeneratorError(message, { file: 'config.json', crate });
  return request(policy, {
    url,
    crate,
    what: `the config.json of the registry ${registry}`,
    ...(unreachable ? { unreachable } : {}),
    notFound: (answer) =>
      located(
        `the registry ${registry} has no config.json (${answer}): is its URL in Cargo.lock right? A sparse registry serves one at the root of its index`,
      ),
    read: async (response) => {
      const text = await response.text();
      let config: RegistryConfig;
      try {
        config = parseRegistryConfig(text);
      } catch (e) {
        throw located(`the config.json of the registry ${registry} (from ${hostOf(url)}) is not valid: ${(e as Error).message}`);
      }
      if (config.authRequired) {
        throw located(
          `the registry ${registry} requires a token, which this generator does not send: generate Cargo.nix with the command line and a registry folder`,
        );
      }
      return config;
    },
  });
}
