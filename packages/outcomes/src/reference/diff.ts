import { type ReferenceSet, referenceResolver } from './reference-set';

/** A practice whose placement at one level differs between two reference sets. */
export interface PracticeMove {
  readonly practiceOds: string;
  /** The code before and after (`unmapped` where the set does not place it). */
  readonly from: string;
  readonly to: string;
}

/** What loading a new reference set changes, for the operator's "see what changed". Codes only. */
export interface ReferenceDiff {
  readonly practicesAdded: readonly string[];
  readonly practicesRemoved: readonly string[];
  readonly movedPcn: readonly PracticeMove[];
  readonly movedSubIcb: readonly PracticeMove[];
  readonly movedIcb: readonly PracticeMove[];
}

/**
 * Compares two reference sets: practices the new one adds or no longer has, and practices
 * placed differently on `asOf` (YYYY-MM-DD, usually today): PCN, sub-ICB location, ICB. Sorted
 * by practice code.
 */
export function diffReferenceSets(before: ReferenceSet, after: ReferenceSet, asOf: string): ReferenceDiff {
  const old = referenceResolver(before);
  const now = referenceResolver(after);
  const sorted = (codes: Iterable<string>) => [...codes].sort();
  const common = sorted([...now.practiceCodes].filter((code) => old.practiceCodes.has(code)));
  const moves = (level: 'pcn' | 'subIcb' | 'icb'): PracticeMove[] =>
    common.flatMap((practiceOds) => {
      const from = old.whereWas(practiceOds, asOf)[level];
      const to = now.whereWas(practiceOds, asOf)[level];
      return from === to ? [] : [{ practiceOds, from, to }];
    });
  return {
    practicesAdded: sorted([...now.practiceCodes].filter((code) => !old.practiceCodes.has(code))),
    practicesRemoved: sorted([...old.practiceCodes].filter((code) => !now.practiceCodes.has(code))),
    movedPcn: moves('pcn'),
    movedSubIcb: moves('subIcb'),
    movedIcb: moves('icb'),
  };
}
