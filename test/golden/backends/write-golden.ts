// Writes the golden files of the whole-workspace backends (buildRustPackage, crane, naersk) for
// every golden case, ONCE: they are then reviewed and pinned, and test/golden/backends.test.ts
// compares our output with them byte for byte. An existing file is never overwritten unless
// `--overwrite` is given (after a reviewed change of a renderer).
// It also writes git-hashes.json — the Nix hash of each test git repository (the case registry's
// `git/<repo>.bundle`) at the locked commit, as `nix-hash --type sha256` computes it for a clean
// checkout — when that file is missing.
//   npx tsx test/golden/backends/write-golden.ts [--overwrite] [--backend <id>]...
import { execFileSync } from 'node:child_process';
import { format } from 'prettier';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { GitSourceHash } from '../../../worker/model/git-hash.ts';
import { fromNixBase32 } from '../../../worker/hash/nix-base32.ts';
import { sha256Sri } from '../../../worker/hash/sri.ts';
import { RENDERERS } from '../../../worker/render/index.ts';
import { goldenCases } from '../../support/golden.ts';
import { BACKENDS_GOLDEN, backendCases } from './cases.ts';
import { GOLDEN_BACKENDS } from './golden-backends.ts';

const overwrite = process.argv.includes('--overwrite');
// `--backend <id>` (repeatable) limits the run to those backends, so that overwriting one
// backend's files never touches another's.
const only = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--backend' ? [a] : []));
const backends = only.length > 0 ? GOLDEN_BACKENDS.filter((b) => only.includes(b)) : GOLDEN_BACKENDS;
if (only.some((b) => !backends.includes(b as (typeof GOLDEN_BACKENDS)[number])))
  throw new Error(`--backend must be one of ${GOLDEN_BACKENDS.join(', ')}`);

/** The Nix hash of a bundle's tree at `rev`, without `.git` (what fetchgit's hash covers). */
function hashBundle(bundle: string, rev: string): { sri: string; base32: string } {
  const dir = mkdtempSync(join(tmpdir(), 'golden-git-'));
  try {
    execFileSync('git', ['clone', '--quiet', bundle, join(dir, 'repo')]);
    execFileSync('git', ['-C', join(dir, 'repo'), 'checkout', '--quiet', rev]);
    rmSync(join(dir, 'repo', '.git'), { recursive: true });
    const base32 = execFileSync('nix-hash', ['--type', 'sha256', '--base32', join(dir, 'repo')], { encoding: 'utf8' }).trim();
    return { base32, sri: sha256Sri(fromNixBase32(base32, 32)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeGitHashes(): Promise<void> {
  const file = join(BACKENDS_GOLDEN, 'git-hashes.json');
  if (existsSync(file) && !overwrite) return;
  if (!existsSync(file)) writeFileSync(file, '{}\n');
  const out: Record<string, GitSourceHash[]> = {};
  for (const c of await backendCases()) {
    const repos = new Map<string, GitSourceHash>();
    for (const crate of c.ws.crates) {
      if (crate.source.kind !== 'git') continue;
      const { url, rev } = crate.source;
      const key = `${url}#${rev}`;
      const known = repos.get(key);
      const pkg = `${crate.id.name}-${crate.id.version}`;
      if (known) {
        repos.set(key, { ...known, packages: [...known.packages, pkg].sort() });
        continue;
      }
      const bundle = join(c.golden.registry, 'git', `${basename(url)}.bundle`);
      repos.set(key, { url, rev, packages: [pkg], ...hashBundle(bundle, rev) });
    }
    if (repos.size > 0) out[c.label] = [...repos.values()];
  }
  // Laid out as the repository's prettier check wants it.
  writeFileSync(file, await format(JSON.stringify(out), { parser: 'json', filepath: file }));
  console.log(`wrote ${file}`);
}

await writeGitHashes();
const cases = await backendCases();
let written = 0;
let kept = 0;
for (const c of cases) {
  for (const r of RENDERERS.filter((x) => backends.includes(x.backend))) {
    for (const f of r.files(c.ws, { flake: {}, gitHashes: c.gitHashes })) {
      const path = join(BACKENDS_GOLDEN, r.backend, c.label, f.path);
      if (existsSync(path) && !overwrite) {
        if (readFileSync(path, 'utf8') !== f.text) console.log(`differs (kept): ${path}`);
        kept++;
        continue;
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.text);
      written++;
    }
  }
}
console.log(`${written} files written, ${kept} kept, for ${goldenCases().length} cases`);
