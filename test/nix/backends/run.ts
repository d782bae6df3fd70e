// Helpers for the backend evaluations (test/nix/backends-eval-*.test.ts): lay a workspace out with
// one backend's files in a temporary folder, and evaluate its flake with eval-flake.nix against
// the tools' vendored code. Nix runs with a store of its own in a temporary folder (naersk and
// crane read the source after Nix copied it to the store), a HOME of its own, and git told to
// fetch the test git repositories from local clones of their bundles (`url.<clone>.insteadOf`),
// so builtins.fetchGit works offline.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { ResolvedWorkspace } from '../../../worker/model/model.ts';
import { RENDERERS } from '../../../worker/render/index.ts';
import type { BackendId, RenderOptions } from '../../../worker/render/renderer.ts';
import { NixError, runs } from '../nix.ts';

export const BACKENDS_HARNESS = import.meta.dirname;

export interface EvaluatedPackage {
  readonly name: string;
  readonly drvPath: string | null;
  readonly vendorDir: string | null;
  readonly buildPhase: string | null;
  readonly cargoBuildOptions: string[] | null;
  readonly brpArgs: {
    readonly pname: string;
    readonly version: string;
    /** The toolchain's derivation name (`rustc`: nixpkgs' own). */
    readonly rustc: string;
    readonly cargoBuildFlags: string[];
    readonly cargoTestFlags: string[];
    readonly buildFeatures: string[];
    readonly buildType: string;
    readonly outputHashes: Record<string, string>;
    readonly nativeBuildInputs: string[];
    readonly buildInputs: string[];
  } | null;
  readonly nativeBuildInputs: string[];
  readonly buildInputs: string[];
}

export interface EvaluatedFlake {
  readonly packages: Record<string, EvaluatedPackage>;
  readonly checks: Record<string, string>;
  readonly devShells: Record<string, string>;
}

/** One scratch area per test file: the Nix store, HOME, git config and the workspaces. */
export class Scratch {
  readonly root = mkdtempSync(join(tmpdir(), 'backends-eval-'));
  readonly store = join(this.root, 'store');
  readonly home = join(this.root, 'home');
  private readonly gitConfig = join(this.root, 'gitconfig');
  private readonly rewrites: string[] = [];
  private count = 0;

  constructor() {
    mkdirSync(this.home);
    writeFileSync(this.gitConfig, '');
  }

  /** Makes `url` fetchable offline: a clone of `bundle` stands for it (git's insteadOf). */
  serveBundle(url: string, bundle: string): void {
    const clone = join(this.root, 'git', basename(bundle, '.bundle'));
    if (!existsSync(clone)) execFileSync('git', ['clone', '--quiet', '--mirror', bundle, clone]);
    this.rewrites.push(`[url "file://${clone}"]\n\tinsteadOf = ${url}\n`);
    writeFileSync(this.gitConfig, this.rewrites.join(''));
  }

  /** The workspace's files (from a folder or a record) plus every file of the backend's renderers. */
  workspace(from: { dir: string } | { files: Record<string, string> }, ws: ResolvedWorkspace, backend: BackendId, options: RenderOptions): string {
    const dir = join(this.root, `ws-${++this.count}`);
    if ('dir' in from) {
      cpSync(from.dir, dir, { recursive: true, filter: (src) => basename(src) !== 'expected' });
    } else {
      for (const [path, text] of Object.entries(from.files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
    }
    for (const r of RENDERERS.filter((x) => x.backend === backend)) {
      for (const f of r.files(ws, options)) {
        mkdirSync(dirname(join(dir, f.path)), { recursive: true });
        writeFileSync(join(dir, f.path), f.text);
      }
    }
    return dir;
  }

  evalFlake(dir: string, system: string, { force = true }: { force?: boolean } = {}): Promise<EvaluatedFlake> {
    return this.evalJson<EvaluatedFlake>(
      join(BACKENDS_HARNESS, 'eval-flake.nix'),
      dir,
      system,
      ['--arg', 'force', String(force)],
      `eval ${basename(dir)} ${system}`,
    );
  }

  /** `file` (a Nix function of `flakeDir` and `system`, plus `extra` arguments) evaluated strictly to JSON, offline. */
  evalJson<T>(file: string, dir: string, system: string, extra: readonly string[], what: string): Promise<T> {
    const args = [
      '--store',
      this.store,
      '--read-write-mode',
      '--eval',
      '--strict',
      '--json',
      file,
      '--arg',
      'flakeDir',
      dir,
      '--argstr',
      'system',
      system,
      ...extra,
    ];
    const env: NodeJS.ProcessEnv = { ...process.env, NIX_PATH: '', HOME: this.home, GIT_CONFIG_GLOBAL: this.gitConfig, GIT_CONFIG_NOSYSTEM: '1' };
    delete env.NIX_REMOTE;
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const child = spawn('nix-instantiate', args, { env });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e: NodeJS.ErrnoException) =>
        reject(e.code === 'ENOENT' ? new NixError('nix-instantiate is not installed: install Debian’s nix-bin') : e),
      );
      child.on('close', (code) => {
        runs.push({ what, ms: performance.now() - start });
        if (code === 0) resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as T);
        else reject(new NixError(`nix-instantiate failed (${what}), exit ${code}:\n${Buffer.concat(err).toString('utf8').slice(0, 4000)}`));
      });
    });
  }

  remove(): void {
    // The store's files are read-only, as Nix leaves them.
    execFileSync('chmod', ['-R', 'u+w', this.root]);
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * What the package set must name, worked out from the model alone: every member with binaries
 * (every member when none has one), each `name-version`, plus `default`.
 */
export function expectedPackages(ws: ResolvedWorkspace): { names: string[]; byName: Record<string, string> } {
  const withBins = ws.members.filter((m) => m.binNames.length > 0);
  const members = withBins.length > 0 ? withBins : ws.members;
  return {
    names: [...members.map((m) => m.name), 'default'].sort(),
    byName: Object.fromEntries(members.map((m) => [m.name, `${m.name}-${m.version}`])),
  };
}

/** The case's git repositories, each with the bundle the fixture registry keeps for it. */
export function gitBundles(ws: ResolvedWorkspace, registry: string): { url: string; bundle: string }[] {
  const urls = new Set<string>();
  for (const c of ws.crates) if (c.source.kind === 'git') urls.add(c.source.url);
  return [...urls].map((url) => ({ url, bundle: join(registry, 'git', `${basename(url)}.bundle`) }));
}
