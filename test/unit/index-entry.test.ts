// A registry folder's index file holds every version of a crate; the command line reads the entry
// of the locked version only (metadata/index-path.ts indexEntryFor).
import { describe, expect, it } from 'vitest';
import { indexEntryFor } from '../../worker/metadata/index-path.ts';

const line = (vers: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'demo', vers, deps: [], features: {}, ...extra });

describe('indexEntryFor', () => {
  it('finds the locked version among many', () => {
    const text = ['0.1.0', '0.2.0', '1.0.0', '1.0.1'].map((v) => line(v)).join('\n') + '\n';
    expect(indexEntryFor(text, 'demo', '1.0.0')).toMatchObject({ vers: '1.0.0' });
    expect(indexEntryFor(text, 'demo', '0.1.0')).toMatchObject({ vers: '0.1.0' });
    expect(indexEntryFor(text, 'demo', '2.0.0')).toBeUndefined();
  });

  it('is not fooled by the version string in another field or in another line', () => {
    const text = [line('0.9.0', { features: { '1.0.0': [] } }), line('1.0.0', { cksum: 'x' })].join('\n');
    expect(indexEntryFor(text, 'demo', '1.0.0')).toMatchObject({ vers: '1.0.0', cksum: 'x' });
  });

  it('does not read lines of other versions', () => {
    const text = ['{ broken', line('1.0.0')].join('\n');
    expect(indexEntryFor(text, 'demo', '1.0.0')).toMatchObject({ vers: '1.0.0' });
  });

  it('reads the whole file when no line names the version plainly, and names a broken line', () => {
    const escaped = '{"name":"demo","vers":"\\u0031.0.0","deps":[]}';
    expect(indexEntryFor(escaped, 'demo', '1.0.0')).toMatchObject({ vers: '1.0.0' });
    expect(() => indexEntryFor(`${line('0.1.0')}\n{"vers":"1.0.0", oops`, 'demo', '1.0.0')).toThrow('index file of `demo`, line 2: not valid JSON');
  });
});
