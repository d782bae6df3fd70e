// `cargo2nix-playground <workspace-dir> [--registry <dir>]` (dist/cli.mjs, or `npm run --silent
// generate --` from the sources): prints the Cargo.nix to stdout, with crate metadata from a registry
// folder or, without one, from crates.io and git hosts over the network (the site's own
// NetworkSource, no proxy needed in Node); --renderer picks another output, --out writes a
// backend's files and its README (--backend all: one folder per backend), --options takes the site's
// options JSON. Failures exit 1 with one line per error on
// stderr, `error: <file>:<line>:<column>: <message>`. The golden suites depend on this contract.
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { GeneratorError, type ErrorInfo } from '../core/errors.ts';
import type { GitSourceHash } from '../model/git-hash.ts';
import { BACKENDS, DEFAULT_USER_OPTIONS, flakeOptionsOf, type BackendId, type UserOptions } from '../options/user-options.ts';
import { parseLockfile, type LockedPackage } from '../parse/lockfile.ts';
import { resolveWorkspace } from '../pipeline.ts';
import { allBackendsReadme, backendReadme } from '../render/backend-readme.ts';
import { RENDERERS, renderAll, rendererById } from '../render/index.ts';
import type { OutputFile, RenderedOutput, Renderer } from '../render/renderer.ts';
import type { MetadataSource } from '../metadata/source.ts';
import { parseCliArgs, readUserOptions, USAGE, UsageError, type CliCommand } from './cli-args.ts';
import { parseGitRewrites } from './git-rewrite.ts';
import { fsError, requireFolder } from './folder.ts';
import { writeOutputFiles } from './output-dir.ts';
import { RegistryDirSource } from './registry-dir.ts';
import { readWorkspaceDir } from './workspace-dir.ts';

type Generate = Extract<CliCommand, { kind: 'generate' }>;

const DEFAULT_RENDERER = 'cargo2nix/Cargo.nix';

/**
 * What a run writes: one file to stdout; some renderers' files flat into --out (--renderer); or
 * backends, each with a README, into --out itself (one backend) or a folder each (`all`).
 */
type Plan =
  | { readonly kind: 'print'; readonly renderer: Renderer }
  | { readonly kind: 'files'; readonly renderers: readonly Renderer[] }
  | { readonly kind: 'backends'; readonly backends: readonly BackendId[]; readonly folders: boolean };

/** The backends that have renderers, in BACKENDS order: `all` grows as renderers are added. */
function backendsWithRenderers(): BackendId[] {
  return BACKENDS.filter((b) => RENDERERS.some((r) => r.backend === b));
}

const renderersOf = (backend: BackendId) => RENDERERS.filter((r) => r.backend === backend);

function formatError(info: ErrorInfo): string {
  const { message, ...location } = info;
  return new GeneratorError(message, location).format();
}

function printError(message: string): void {
  process.stderr.write(`error: ${message.replace(/\n/g, ' ')}\n`);
}

function errorMessage(e: unknown): string {
  if (e instanceof GeneratorError) return e.format();
  return e instanceof Error ? e.message : String(e);
}

function pickRenderer(id: string): Renderer {
  const r = rendererById(id);
  if (!r) throw new UsageError(`no renderer \`${id}\`; known: ${RENDERERS.map((x) => x.id).join(', ')}`);
  return r;
}

function planOf(command: Generate, options: UserOptions): Plan {
  if (command.out === undefined) return { kind: 'print', renderer: pickRenderer(command.renderer ?? DEFAULT_RENDERER) };
  if (command.renderer !== undefined) return { kind: 'files', renderers: [pickRenderer(command.renderer)] };
  if (command.backend === 'all') return { kind: 'backends', backends: backendsWithRenderers(), folders: true };
  const backend = command.backend ?? options.backend;
  if (renderersOf(backend).length === 0)
    throw new UsageError(`backend \`${backend}\` has no renderer yet; with renderers: ${backendsWithRenderers().join(', ')}`);
  return { kind: 'backends', backends: [backend], folders: false };
}

function plannedRenderers(plan: Plan): readonly Renderer[] {
  if (plan.kind === 'print') return [plan.renderer];
  if (plan.kind === 'files') return plan.renderers;
  return plan.backends.flatMap(renderersOf);
}

function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw fsError(path, 'file', e);
  }
}

/** The lock's git packages, when the lock parses (else the pipeline reports it, located). */
function lockGitPackages(lockText: string | undefined): LockedPackage[] {
  if (lockText === undefined) return [];
  try {
    return parseLockfile(lockText).packages.filter((p) => p.id.source.kind === 'git');
  } catch {
    return [];
  }
}

interface Sources {
  readonly metadata: MetadataSource;
  /** Each git repository's Nix hash (empty when no renderer needs them or the lock has no git package). */
  readonly gitHashes: () => Promise<GitSourceHash[]>;
}

/**
 * Crate metadata and git hashes, from a registry folder (hashes from its git bundles) or the
 * network (one fetch per git commit answers both its hash and its manifests, as in the site).
 */
async function sourcesFor(command: Generate, git: readonly LockedPackage[]): Promise<Sources> {
  if (command.registry !== undefined) {
    requireFolder(command.registry);
    const registry = command.registry;
    return {
      metadata: new RegistryDirSource(registry),
      // Loaded only when needed: isomorphic-git is most of the bundle.
      gitHashes: async () => (git.length === 0 ? [] : (await import('./registry-git.ts')).registryGitHashes(registry, git)),
    };
  }
  const rewriteUrl = parseGitRewrites(command.gitRewrites);
  // Loaded only here: the network client (isomorphic-git above all) is most of the bundle, and a run
  // from a registry folder should not pay for parsing it.
  const { NetworkSource } = await import('../metadata/net/network-source.ts');
  const network = {
    ...(command.index !== undefined ? { indexBase: command.index } : {}),
    ...(command.dl !== undefined ? { downloadBase: command.dl } : {}),
  };
  if (git.length === 0) {
    return { metadata: new NetworkSource({ ...network, git: rewriteUrl ? { rewriteUrl } : {} }), gitHashes: () => Promise.resolve([]) };
  }
  const [{ GitSource }, { prefetchGit }] = await Promise.all([import('../metadata/git/git-source.ts'), import('../browser/git-prefetch.ts')]);
  const prefetch = prefetchGit(git, new GitSource(rewriteUrl ? { rewriteUrl } : {}));
  return { metadata: new NetworkSource({ ...network, gitManifest: (id) => prefetch.gitManifest(id) }), gitHashes: () => prefetch.hashes };
}

/** Prints each failed output; true when there was one. */
function reportFailures(outputs: readonly RenderedOutput[]): boolean {
  let failed = false;
  for (const o of outputs) {
    if (o.ok) continue;
    printError(`${o.label}: ${formatError(o.error)}`);
    failed = true;
  }
  return failed;
}

const filesOf = (outputs: readonly RenderedOutput[]): OutputFile[] => outputs.flatMap((o) => (o.ok ? o.files : []));

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    printError(`${e.message} (see --help)`);
    return 1;
  }
  if (command.kind === 'help') {
    const backends = backendsWithRenderers().map(
      (b) =>
        `  ${b}: ${renderersOf(b)
          .map((r) => r.id)
          .join(', ')}`,
    );
    process.stdout.write(`${USAGE}\n\nbackends and their renderers (default ${DEFAULT_RENDERER}):\n${backends.join('\n')}\n`);
    return 0;
  }

  let options: UserOptions;
  let plan: Plan;
  try {
    options = command.options === undefined ? DEFAULT_USER_OPTIONS : readUserOptions(command.options, readTextFile);
    plan = planOf(command, options);
  } catch (e) {
    printError(e instanceof UsageError ? `${e.message} (see --help)` : errorMessage(e));
    return 1;
  }

  try {
    const files = await readWorkspaceDir(command.workspace);
    const renderers = plannedRenderers(plan);
    // cargo2nix pins git sources by commit alone; the other backends want each tree's hash.
    const wantsHashes = renderers.some((r) => r.backend !== 'cargo2nix');
    const sources = await sourcesFor(command, wantsHashes ? lockGitPackages(files.get('Cargo.lock')) : []);
    const model = await resolveWorkspace(files, { source: sources.metadata });
    const renderOptions = { flake: flakeOptionsOf(options), gitHashes: await sources.gitHashes() };

    if (plan.kind === 'print') {
      const outputs = renderAll(model, renderOptions, [plan.renderer]);
      if (reportFailures(outputs)) return 1;
      const written = filesOf(outputs);
      if (written.length !== 1) throw new Error(`${plan.renderer.id} writes ${written.length} files: use --out <dir>`);
      process.stdout.write(written[0]!.text);
      return 0;
    }
    const out = command.out!;
    if (plan.kind === 'files') {
      const outputs = renderAll(model, renderOptions, plan.renderers);
      await writeOutputFiles(out, filesOf(outputs));
      return reportFailures(outputs) ? 1 : 0;
    }
    const projectName = basename(resolve(command.workspace));
    let failed = false;
    for (const backend of plan.backends) {
      const outputs = renderAll(model, renderOptions, renderersOf(backend));
      const readme: OutputFile = { path: 'README.md', text: backendReadme({ projectName, backend, outputs }), language: 'markdown' };
      // Every backend's folder is written even when another backend fails: each is used on its own.
      await writeOutputFiles(plan.folders ? join(out, backend) : out, [...filesOf(outputs), readme]);
      if (reportFailures(outputs)) failed = true;
    }
    if (plan.folders) await writeOutputFiles(out, [{ path: 'README.md', text: allBackendsReadme(projectName, plan.backends), language: 'markdown' }]);
    return failed ? 1 : 0;
  } catch (e) {
    printError(errorMessage(e));
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    printError(errorMessage(e));
    process.exitCode = 1;
  },
);
