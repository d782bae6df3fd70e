// A registry crate's lib facts, from the Cargo.toml inside its `.crate` (a
// gzip'ed tar). Cargo puts the normalized manifest near the front of the
// archive, so the download is inflated chunk by chunk as the tar reader asks
// for bytes, and cancelled as soon as `<name>-<version>/Cargo.toml` has been
// read: a few kilobytes instead of the whole package.
//
// What counts as "has a lib": a `[lib]` table decides (its `name`, default the
// package name with `-` as `_`; `proc-macro` or `proc_macro`). Without one,
// only `package.autolib = false` (written by cargo >= 1.83 when packaging a
// crate without a lib) says there is none. Cargo 1.78-1.82 write targets out
// explicitly but not `autolib`, and older manifests leave targets to be
// inferred from `src/lib.rs`, which we do not read (it may sit anywhere in
// the archive); for those the crate is taken to have a lib named after it,
// which is what every package a Cargo.lock pulls in as a dependency has.
import { parse, TomlError } from 'smol-toml';
import { GeneratorError } from '../../core/errors.ts';
import type { CrateFacts } from '../source.ts';
import { displayPackageId, type PackageId } from '../../core/package-id.ts';
import { crateNameOf } from '../../core/summary.ts';
import { hostOf, request, type HttpPolicy } from './http.ts';
import { findTarFile, TarFormatError } from '../../shared/tar.ts';
import { gunzipSource, NotGzipError } from './gunzip-source.ts';
import { CRATES_IO_LABEL, type RegistryLabel } from './sparse-index.ts';

export const CRATES_IO_DOWNLOAD_BASE = 'https://static.crates.io/crates';

/** Normalized manifests are small; anything bigger is not one we want to hold in memory. */
const MAX_MANIFEST_BYTES = 4 << 20;

export function crateUrl(downloadBase: string, name: string, version: string): string {
  const base = downloadBase.replace(/\/+$/, '');
  // `+` (build metadata) must reach the storage bucket encoded, or it reads as a space.
  const n = encodeURIComponent(name);
  return `${base}/${n}/${n}-${encodeURIComponent(version)}.crate`;
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The lib facts a package's Cargo.toml states (see the top of this file for the rules without `[lib]`). */
export function factsFromManifest(text: string, name: string, version: string): CrateFacts {
  const who = `${name}@${version}`;
  const file = `${name}-${version}/Cargo.toml`;
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (e) {
    if (e instanceof TomlError) {
      throw new GeneratorError(
        `the Cargo.toml packaged in \`${who}\` is not valid TOML (${e.message.split('\n')[0]}); the crate cannot be used as published`,
        {
          file,
          line: e.line,
          column: e.column,
          crate: who,
        },
      );
    }
    throw e;
  }
  // Manifests from before cargo normalized them (2017) may still say `[project]`.
  const pkg = isTable(doc.package) ? doc.package : isTable(doc.project) ? doc.project : undefined;
  if (!pkg) throw new GeneratorError(`the Cargo.toml packaged in \`${who}\` has no \`[package]\` table`, { file, crate: who });
  if (pkg.name !== undefined && pkg.name !== name) {
    throw new GeneratorError(`the package file of \`${who}\` holds the manifest of \`${String(pkg.name)}\`, not \`${name}\``, { file, crate: who });
  }
  const lib = doc.lib;
  if (lib !== undefined) {
    if (!isTable(lib)) throw new GeneratorError(`\`lib\` in the Cargo.toml packaged in \`${who}\` is not a table`, { file, crate: who });
    const libName = lib.name;
    if (libName !== undefined && typeof libName !== 'string') {
      throw new GeneratorError(`\`lib.name\` in the Cargo.toml packaged in \`${who}\` is not a string`, { file, crate: who });
    }
    return { libName: libName ?? crateNameOf(name), procMacro: lib['proc-macro'] === true || lib['proc_macro'] === true };
  }
  if (pkg.autolib === false) return { libName: null, procMacro: false };
  return { libName: crateNameOf(name), procMacro: false };
}

/**
 * Read `<name>-<version>/Cargo.toml` out of a streamed `.crate` and cancel the stream right after.
 * Errors while reading the stream itself (connection dropped, gzip cut short) propagate as they are
 * or as RetryableError, so the HTTP layer can retry them; a readable archive without the manifest,
 * or a body that is not gzip at all, is a GeneratorError.
 */
export async function manifestFromCrateStream(
  body: ReadableStream<Uint8Array>,
  name: string,
  version: string,
  options: {
    /** Called with the size of each compressed chunk read. */
    readonly onBytes?: (n: number) => void;
    /** The host the stream comes from, for messages. */
    readonly host?: string;
  } = {},
): Promise<string> {
  const who = `${name}@${version}`;
  const from = options.host === undefined ? '' : ` from ${options.host}`;
  const want = `${name}-${version}/Cargo.toml`;
  const reader = body.getReader();
  try {
    const found = await findTarFile(gunzipSource(reader, { onBytes: options.onBytes }), (p) => p === want || p === `./${want}`, {
      maxFileBytes: MAX_MANIFEST_BYTES,
    });
    if (!found)
      throw new GeneratorError(`the package file of \`${who}\`${from} has no \`${want}\`: the crate is damaged on the registry`, { crate: who });
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(found.data);
    } catch {
      throw new GeneratorError(`the Cargo.toml packaged in \`${who}\` is not valid UTF-8`, { crate: who });
    }
  } catch (e) {
    if (e instanceof TarFormatError)
      throw new GeneratorError(`the package file of \`${who}\`${from} is damaged (${e.message}); try again later`, { crate: who });
    if (e instanceof NotGzipError) {
      // An HTML page from a proxy or captive portal, most likely; retrying will not change it.
      throw new GeneratorError(
        `the download of \`${who}\`${from} is not a .crate (gzip) file: is a proxy or login page in the way? Check your connection`,
        { crate: who },
      );
    }
    throw e;
  } finally {
    // Stop the download here: the rest of the archive is the crate's sources, which we do not need.
    reader.cancel().catch(() => {});
  }
}

/** Fetch the `.crate` at `url` (see `crateUrl`, or an alternative registry's `dl` template) and read its lib facts. */
export async function fetchCrateFacts(
  policy: HttpPolicy,
  url: string,
  id: PackageId,
  options: { signal?: AbortSignal; onBytes?: (n: number) => void; label?: RegistryLabel } = {},
): Promise<CrateFacts> {
  const who = displayPackageId(id);
  const host = hostOf(url);
  const label = options.label ?? CRATES_IO_LABEL;
  return request(policy, {
    url,
    crate: who,
    what: `the package file of \`${who}\``,
    signal: options.signal,
    ...(label.unreachable ? { unreachable: label.unreachable } : {}),
    notFound: (answer) =>
      new GeneratorError(
        `${label.name} has no package file for \`${who}\` (${answer}): check the version in Cargo.lock (\`cargo update -p ${id.name}\` picks a published one)`,
        {
          crate: who,
        },
      ),
    read: async (response) => {
      if (!response.body) throw new GeneratorError(`the download of \`${who}\` from ${host} has no body`, { crate: who });
      const text = await manifestFromCrateStream(response.body, id.name, id.version, { onBytes: options.onBytes, host });
      return factsFromManifest(text, id.name, id.version);
    },
  });
}
