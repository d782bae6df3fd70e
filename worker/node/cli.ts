// `cargo2nix-playground <workspace-dir> [--registry <dir>]` (dist/cli.mjs, or `npm run --silent
// generate --` from the sources): prints the Cargo.nix to stdout, with crate metadata from a registry
// folder or, without one, from crates.io and git hosts over the network (the site's own
// NetworkSource, no proxy needed in Node); --renderer picks another output,
// --out writes every output's files into a folder. Failures exit 1 with one line per error on
// stderr, `error: <file>:<line>:<column>: <message>`. The golden suites depend on this contract.
import { GeneratorError, type ErrorInfo } from '../core/errors.ts';
import { resolveWorkspace } from '../pipeline.ts';
import { RENDERERS, renderAll, rendererById } from '../render/index.ts';
import type { OutputFile, Renderer } from '../render/renderer.ts';
import type { MetadataSource } from '../metadata/source.ts';
import { parseCliArgs, USAGE, UsageError, type CliCommand } from './cli-args.ts';
import { parseGitRewrites } from './git-rewrite.ts';
import { requireFolder } from './folder.ts';
import { writeOutputFiles } from './output-dir.ts';
import { RegistryDirSource } from './registry-dir.ts';
import { readWorkspaceDir } from './workspace-dir.ts';

const DEFAULT_RENDERER = 'cargo2nix/Cargo.nix';

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

function pickRenderers(id: string | undefined): readonly Renderer[] {
  if (id === undefined) return RENDERERS;
  const r = rendererById(id);
  if (!r) throw new UsageError(`no renderer \`${id}\`; known: ${RENDERERS.map((x) => x.id).join(', ')}`);
  return [r];
}

async function metadataSource(command: Extract<CliCommand, { kind: 'generate' }>): Promise<MetadataSource> {
  if (command.registry !== undefined) {
    requireFolder(command.registry);
    return new RegistryDirSource(command.registry);
  }
  const rewriteUrl = parseGitRewrites(command.gitRewrites);
  // Loaded only here: the network client (isomorphic-git above all) is most of the bundle, and a run
  // from a registry folder should not pay for parsing it.
  const { NetworkSource } = await import('../metadata/net/network-source.ts');
  return new NetworkSource({
    ...(command.index !== undefined ? { indexBase: command.index } : {}),
    ...(command.dl !== undefined ? { downloadBase: command.dl } : {}),
    git: rewriteUrl ? { rewriteUrl } : {},
  });
}

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
    process.stdout.write(`${USAGE}\n\nrenderers: ${RENDERERS.map((r) => r.id).join(', ')} (default ${DEFAULT_RENDERER})\n`);
    return 0;
  }

  let renderers: readonly Renderer[];
  try {
    renderers = command.out === undefined ? pickRenderers(command.renderer ?? DEFAULT_RENDERER) : pickRenderers(command.renderer);
  } catch (e) {
    printError(`${errorMessage(e)} (see --help)`);
    return 1;
  }

  try {
    const files = await readWorkspaceDir(command.workspace);
    const model = await resolveWorkspace(files, { source: await metadataSource(command) });
    const outputs = renderAll(model, { flake: {} }, renderers);
    let failed = false;
    const written: OutputFile[] = [];
    for (const o of outputs) {
      if (o.ok) written.push(...o.files);
      else {
        printError(`${o.label}: ${formatError(o.error)}`);
        failed = true;
      }
    }
    if (command.out !== undefined) await writeOutputFiles(command.out, written);
    else if (!failed) {
      if (written.length !== 1) throw new Error(`${renderers[0]!.id} writes ${written.length} files: use --out <dir>`);
      process.stdout.write(written[0]!.text);
    }
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
