// RecordingSource keeps exactly what a run read: the versions asked for (not the crate's other
// index lines), facts only where they differ from MemorySource's default, git manifests; and the
// snapshot answers the same questions the same way.
import { describe, expect, it } from 'vitest';
import { packageId } from '../../worker/core/package-id.ts';
import { parseSourceId } from '../../worker/core/source-id.ts';
import { MemorySource, type MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { RecordingSource } from '../../worker/metadata/recording-source.ts';
import type { IndexEntry } from '../../worker/metadata/source.ts';

const cratesIo = parseSourceId('registry+https://github.com/rust-lang/crates.io-index');
const git = parseSourceId('git+https://example.org/repo#0123456789abcdef0123456789abcdef01234567');
const entry = (name: string, vers: string): IndexEntry => ({ name, vers, deps: [], features: {} });

const upstream: MetadataSnapshot = {
  index: {
    'serde-json': [entry('serde-json', '1.0.0'), entry('serde-json', '1.0.1')],
    derive: [entry('derive', '0.1.0')],
    unused: [entry('unused', '1.0.0')],
  },
  facts: { 'derive@0.1.0': { libName: 'derive', procMacro: true }, 'serde-json@1.0.1': { libName: 'serde_json', procMacro: false } },
  git: { 'tool@0.2.0': '[package]\nname = "tool"\n', 'other@1.0.0': '' },
};

describe('RecordingSource', () => {
  it('snapshots only what was asked, keys sorted whatever the order of the questions', async () => {
    const recording = new RecordingSource(new MemorySource(upstream));
    const ids = [packageId('serde-json', '1.0.1', cratesIo), packageId('derive', '0.1.0', cratesIo)];
    const answers = await Promise.all(ids.map((id) => recording.registryCrate(id)));
    const manifest = await recording.gitManifest(packageId('tool', '0.2.0', git));
    const snapshot = recording.snapshot();
    expect(snapshot).toEqual({
      index: { derive: [entry('derive', '0.1.0')], 'serde-json': [entry('serde-json', '1.0.1')] },
      facts: { 'derive@0.1.0': { libName: 'derive', procMacro: true } },
      git: { 'tool@0.2.0': '[package]\nname = "tool"\n' },
    });
    expect(Object.keys(snapshot.index)).toEqual(['derive', 'serde-json']);
    const replay = new MemorySource(snapshot);
    expect(await Promise.all(ids.map((id) => replay.registryCrate(id)))).toEqual(answers);
    expect(await replay.gitManifest(packageId('tool', '0.2.0', git))).toBe(manifest);
  });

  it('records nothing for a failed question', async () => {
    const recording = new RecordingSource(new MemorySource(upstream));
    await expect(recording.registryCrate(packageId('missing', '1.0.0', cratesIo))).rejects.toThrow('no index entry');
    expect(recording.snapshot()).toEqual({ index: {} });
  });
});
