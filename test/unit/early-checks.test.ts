// Cheap checks come before the network: a lock that does not match the
// manifests fails with its located error without a single metadata request
// (offline, it used to show a network error instead; online, only after
// fetching every crate).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PackageId } from '../../worker/core/package-id.ts';
import type { MetadataSource, RegistryCrate } from '../../worker/metadata/source.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { FIXTURES } from '../support/golden.ts';

/** A source that fails the test if the pipeline asks it anything. */
class ForbiddenSource implements MetadataSource {
  readonly asked: string[] = [];
  registryCrate(id: PackageId): Promise<RegistryCrate> {
    this.asked.push(id.name);
    return Promise.reject(new Error(`network: asked for ${id.name} before the cheap checks`));
  }
  gitManifest(id: PackageId): Promise<string> {
    this.asked.push(id.name);
    return Promise.reject(new Error(`network: asked for git ${id.name} before the cheap checks`));
  }
}

const dir = join(FIXTURES, 'crates-io', 'cases', 'bigger-project');
const manifest = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
const lock = readFileSync(join(dir, 'Cargo.lock'), 'utf8');

describe('checks before any metadata request', () => {
  it('a member missing from Cargo.lock (version bumped in Cargo.toml) is reported without fetching', async () => {
    const bumped = manifest.replace(/^version = "[^"]+"/m, 'version = "9.9.9"');
    expect(bumped).not.toBe(manifest);
    const source = new ForbiddenSource();
    await expect(
      resolveWorkspace(
        new Map([
          ['Cargo.toml', bumped],
          ['Cargo.lock', lock],
        ]),
        { source },
      ),
    ).rejects.toThrow(/is not in Cargo\.lock/);
    expect(source.asked).toEqual([]);
  });

  it('an empty Cargo.lock is reported without fetching', async () => {
    const source = new ForbiddenSource();
    await expect(
      resolveWorkspace(
        new Map([
          ['Cargo.toml', manifest],
          ['Cargo.lock', ''],
        ]),
        { source },
      ),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/Cargo\.lock/),
    });
    expect(source.asked).toEqual([]);
  });

  it('a matching lock does reach the source (the check is not a blanket refusal)', async () => {
    const source = new ForbiddenSource();
    await expect(
      resolveWorkspace(
        new Map([
          ['Cargo.toml', manifest],
          ['Cargo.lock', lock],
        ]),
        { source },
      ),
    ).rejects.toThrow(/network: asked/);
    expect(source.asked.length).toBeGreaterThan(0);
  });
});
