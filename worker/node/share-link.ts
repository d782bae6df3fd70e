// What the `share` command computes: the shared state of a workspace folder (its files, options,
// tab and, with --snapshot, the metadata a run of it reads) and the link that carries it.
import { readFileSync } from 'node:fs';
import type { MetadataSnapshot } from '../metadata/memory-source.ts';
import { RecordingSource } from '../metadata/recording-source.ts';
import type { MetadataSource } from '../metadata/source.ts';
import { DEFAULT_USER_OPTIONS, type UserOptions } from '../options/user-options.ts';
import { resolveWorkspace } from '../pipeline.ts';
import { RENDERERS } from '../render/index.ts';
import { encodeShare } from '../share/codec.ts';
import { fragmentLink } from '../share/link.ts';
import type { SharedState, SharedTab } from '../share/state.ts';
import { readUserOptions, UsageError } from './cli-args.ts';
import { fsError, requireFolder } from './folder.ts';
import { parseGitRewrites } from './git-rewrite.ts';
import { RegistryDirSource } from './registry-dir.ts';
import type { ShareCommand } from './share-args.ts';
import { readWorkspaceDir } from './workspace-dir.ts';

type Share = Extract<ShareCommand, { kind: 'share' }>;

/** `--tab`: an input path as is; else a renderer id; else the chosen backend's renderer writing that file name. */
export function resolveTab(name: string, files: ReadonlyMap<string, string>, options: UserOptions): SharedTab {
  if (files.has(name)) return { kind: 'input', id: name };
  if (RENDERERS.some((r) => r.id === name)) return { kind: 'output', id: name };
  const byFile = RENDERERS.filter((r) => r.backend === options.backend && r.id.endsWith(`/${name}`));
  if (byFile.length === 1) return { kind: 'output', id: byFile[0]!.id };
  const inputs = [...files.keys()].filter((p) => !p.endsWith('.rs'));
  throw new UsageError(`--tab \`${name}\` is neither an input file (${inputs.join(', ')}) nor an output (${RENDERERS.map((r) => r.id).join(', ')})`);
}

async function metadataSource(command: Share): Promise<MetadataSource> {
  if (command.registry !== undefined) {
    requireFolder(command.registry);
    return new RegistryDirSource(command.registry);
  }
  const rewriteUrl = parseGitRewrites(command.gitRewrites);
  // Loaded only here: a link without a snapshot never touches the network.
  const { NetworkSource } = await import('../metadata/net/network-source.ts');
  return new NetworkSource({
    ...(command.index !== undefined ? { indexBase: command.index } : {}),
    ...(command.dl !== undefined ? { downloadBase: command.dl } : {}),
    git: rewriteUrl ? { rewriteUrl } : {},
  });
}

/** Runs the pipeline once over a recording source: the snapshot holds exactly what that run read. */
export async function recordSnapshot(files: ReadonlyMap<string, string>, source: MetadataSource): Promise<MetadataSnapshot> {
  const recording = new RecordingSource(source);
  await resolveWorkspace(new Map(files), { source: recording });
  return recording.snapshot();
}

export async function sharedStateOf(command: Share): Promise<SharedState> {
  const options =
    command.options === undefined
      ? DEFAULT_USER_OPTIONS
      : readUserOptions(command.options, (path) => {
          try {
            return readFileSync(path, 'utf8');
          } catch (e) {
            throw fsError(path, 'file', e);
          }
        });
  const files = await readWorkspaceDir(command.workspace);
  const tab = command.tab === undefined ? undefined : resolveTab(command.tab, files, options);
  const snapshot = command.snapshot ? await recordSnapshot(files, await metadataSource(command)) : undefined;
  return {
    files: [...files].map(([path, text]) => ({ path, text })),
    options,
    ...(tab ? { tab } : {}),
    ...(snapshot ? { snapshot } : {}),
  };
}

export async function shareLinkOf(command: Share): Promise<string> {
  return fragmentLink(command.base, encodeShare(await sharedStateOf(command)), { embed: command.embed });
}
