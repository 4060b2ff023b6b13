// Golden messages: every fixture's Update Record message compared byte-for-byte with a committed
// file. A diff here means the bytes a GP system receives changed: review it, then regenerate with
// `UPDATE_GOLDEN=1 pnpm --filter @firstsync/update-record test:golden` and commit the files.
import { readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUpdateRecordMessage } from '../src/index';
import { buildGolden, GOLDEN_CASES, GOLDEN_OPTIONS, goldenPath, readGolden, serialise, UPDATE_GOLDEN, writeGolden } from './support/golden-cases';

/** Same data, keys in reverse order at every level: the output must not depend on input key order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  ) as T;
}

const goldenDir = dirname(goldenPath('x'));

describe('golden Update Record messages', () => {
  // Regeneration mode: rewrite every golden and drop files no case produces any more.
  beforeAll(() => {
    if (!UPDATE_GOLDEN) return;
    const names = new Set(GOLDEN_CASES.map((c) => `${c.name}.json`));
    for (const file of readdirSync(goldenDir)) if (file.endsWith('.json') && !names.has(file)) rmSync(`${goldenDir}/${file}`);
    for (const goldenCase of GOLDEN_CASES) writeGolden(goldenCase.name, serialise(buildGolden(goldenCase)));
  });

  it('has one golden file per case and no stale files', () => {
    const files = readdirSync(goldenDir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(GOLDEN_CASES.map((c) => `${c.name}.json`).sort());
    // 13 shared fixtures (consent-refused builds nothing), the amendment, the all-branches case.
    expect(GOLDEN_CASES.length).toBe(15);
  });

  for (const goldenCase of GOLDEN_CASES) {
    it(`${goldenCase.name}: matches the committed golden byte for byte`, () => {
      const actual = serialise(buildGolden(goldenCase));
      expect(actual).toBe(readGolden(goldenCase.name));
    });

    it(`${goldenCase.name}: is deterministic (same input twice, or with keys reordered, gives the same bytes)`, () => {
      const first = serialise(buildGolden(goldenCase));
      const second = serialise(buildGolden({ ...goldenCase, consultation: structuredClone(goldenCase.consultation) }));
      const reordered = serialise(buildUpdateRecordMessage(reverseKeys(goldenCase.consultation), GOLDEN_OPTIONS));
      expect(second).toBe(first);
      expect(reordered).toBe(first);
    });
  }

  it('only the message time changes when the same version is rebuilt later', () => {
    const goldenCase = GOLDEN_CASES[0];
    if (goldenCase === undefined) throw new Error('no cases');
    const earlier = buildGolden(goldenCase);
    const later = buildUpdateRecordMessage(goldenCase.consultation, { ...GOLDEN_OPTIONS, builtAt: '2026-03-11T08:30:00Z' });
    expect(later.identifiers).toEqual(earlier.identifiers);
    const withoutTimes = (s: string) => s.replaceAll('2026-03-11T08:30:00Z', GOLDEN_OPTIONS.builtAt);
    expect(withoutTimes(serialise(later))).toBe(serialise(earlier));
    expect(serialise(later)).not.toBe(serialise(earlier));
  });
});
