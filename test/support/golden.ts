// Helpers for golden tests: find fixture cases, and compare whole files with a
// unified diff in the failure message (vitest's own diff truncates long files).
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface GoldenCase {
  readonly set: string;
  readonly name: string;
  readonly dir: string;
  readonly registry: string;
  readonly expected: string;
}

export function goldenCases(): GoldenCase[] {
  const out: GoldenCase[] = [];
  for (const set of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!set.isDirectory()) continue;
    const casesDir = join(FIXTURES, set.name, 'cases');
    if (!existsSync(casesDir)) continue;
    for (const c of readdirSync(casesDir, { withFileTypes: true })) {
      if (!c.isDirectory()) continue;
      const dir = join(casesDir, c.name);
      out.push({
        set: set.name,
        name: c.name,
        dir,
        registry: join(FIXTURES, set.name, 'registry'),
        expected: join(dir, 'expected', 'Cargo.nix'),
      });
    }
  }
  return out.sort((a, b) => `${a.set}/${a.name}`.localeCompare(`${b.set}/${b.name}`));
}

/** Throws with a unified diff when `actual` differs from `expected` in any byte. */
export function assertSameFile(label: string, actual: string, expected: string): void {
  if (actual === expected) return;
  const patch = createTwoFilesPatch(`expected/${label}`, `generated/${label}`, expected, actual, '', '', { context: 3 });
  const lines = patch.split('\n');
  const shown = lines.length > 200 ? [...lines.slice(0, 200), `… ${lines.length - 200} more diff lines`] : lines;
  throw new Error(`${label} differs from the golden file:\n${shown.join('\n')}`);
}
