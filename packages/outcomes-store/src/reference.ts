import { type PcnMembership, type PracticeRecord, type ReferenceResolver, type ReferenceSet, referenceResolver, UNMAPPED } from '@firstsync/outcomes-core';
import { addDays } from './period';
import type { Period, Scope, ScopeLevel, ScopeRef } from './port';

/**
 * The loaded reference set with what the store asks of it: placements (outcomes-core's resolver,
 * the one definition of "where was this practice on that day"), names, breadcrumbs and whether a
 * scope lies in another during a period. Pure.
 */
export interface ReferenceView {
  readonly set: ReferenceSet;
  readonly resolver: ReferenceResolver;
  nameOf(level: ScopeLevel, code: string): string | null;
  parentsOf(scope: Scope, date: string): ScopeRef[];
  within(scope: Scope, ancestor: Scope, period: Period): boolean;
}

export const NATIONAL_NAME = 'England';
const NATIONAL: ScopeRef = { level: 'national', code: null, name: NATIONAL_NAME };

/** Placement levels in order from the top, with the Placement field holding each. */
const AREA_FIELDS = { icb: 'icb', 'sub-icb': 'subIcb', pcn: 'pcn', practice: 'practiceOds' } as const;
type GeoLevel = keyof typeof AREA_FIELDS;
const isGeo = (level: ScopeLevel): level is GeoLevel => level in AREA_FIELDS;
const RANK: Record<ScopeLevel, number> = { national: 0, icb: 1, 'sub-icb': 2, pcn: 3, practice: 4, pharmacy: 5 };

/** The most frequent value (ties: the smallest), or undefined. */
function mode(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** Dates in the period on which a practice's placement can change (its first day, then each day a record starts or ends). */
function breakpoints(practice: string, memberships: readonly PcnMembership[], record: PracticeRecord | undefined, period: Period): string[] {
  const last = addDays(period.to, -1);
  const dates = new Set<string>([period.from]);
  const add = (d: string | null, after: boolean) => {
    if (d === null) return;
    const day = after ? addDays(d, 1) : d;
    if (day > period.from && day <= last) dates.add(day);
  };
  for (const m of memberships) {
    if (m.practiceOds !== practice) continue;
    add(m.from, false);
    add(m.to, true);
  }
  if (record) {
    add(record.openDate, false);
    add(record.closeDate, true);
    add(record.from, false);
    add(record.to, true);
  }
  return [...dates];
}

export function referenceView(set: ReferenceSet): ReferenceView {
  const resolver = referenceResolver(set);
  const membershipsOf = new Map<string, PcnMembership[]>();
  const practicesOfPcn = new Map<string, Set<string>>();
  for (const m of set.memberships) {
    membershipsOf.set(m.practiceOds, [...(membershipsOf.get(m.practiceOds) ?? []), m]);
    practicesOfPcn.set(m.pcnCode, (practicesOfPcn.get(m.pcnCode) ?? new Set()).add(m.practiceOds));
  }
  const records = new Map(set.practices.map((p) => [p.practiceOds, p] as const));
  const practicesOfSubIcb = new Map<string, Set<string>>();
  const practicesOfIcb = new Map<string, Set<string>>();
  for (const p of set.practices) {
    if (p.subIcbCode) practicesOfSubIcb.set(p.subIcbCode, (practicesOfSubIcb.get(p.subIcbCode) ?? new Set()).add(p.practiceOds));
    if (p.icbCode) practicesOfIcb.set(p.icbCode, (practicesOfIcb.get(p.icbCode) ?? new Set()).add(p.practiceOds));
  }
  for (const m of set.memberships) {
    practicesOfSubIcb.set(m.practiceSubIcbCode, (practicesOfSubIcb.get(m.practiceSubIcbCode) ?? new Set()).add(m.practiceOds));
  }
  const icbOfSubIcb = (subIcb: string): string | undefined =>
    mode(set.practices.filter((p) => p.subIcbCode === subIcb && p.icbCode !== null).map((p) => p.icbCode ?? ''));

  const nameOf = (level: ScopeLevel, code: string): string | null => {
    if (level === 'national') return NATIONAL_NAME;
    if (code === UNMAPPED) return null;
    if (level === 'practice') return resolver.names.practices.get(code) ?? null;
    if (level === 'pcn') return resolver.names.pcns.get(code) ?? null;
    if (level === 'sub-icb') return resolver.names.subIcbs.get(code) ?? null;
    return null; // ICBs and pharmacies are not named in these files
  };
  const ref = (level: ScopeLevel, code: string): ScopeRef => ({ level, code, name: nameOf(level, code) });

  /** Practices a geographic scope can hold (a superset; `unmapped` and unknown codes: every practice). */
  const candidates = (scope: Scope): Iterable<string> => {
    if (scope.level === 'national' || scope.level === 'pharmacy' || scope.code === UNMAPPED) return resolver.practiceCodes;
    if (scope.level === 'practice') return [scope.code];
    const index = scope.level === 'pcn' ? practicesOfPcn : scope.level === 'sub-icb' ? practicesOfSubIcb : practicesOfIcb;
    return index.get(scope.code) ?? [];
  };

  return {
    set,
    resolver,
    nameOf,
    parentsOf(scope, date) {
      if (scope.level === 'national') return [];
      if (scope.level === 'pharmacy' || scope.code === UNMAPPED || scope.level === 'icb') return [NATIONAL];
      if (scope.level === 'practice') {
        const p = resolver.whereWas(scope.code, date);
        return [NATIONAL, ref('icb', p.icb), ref('sub-icb', p.subIcb), ref('pcn', p.pcn)];
      }
      if (scope.level === 'pcn') {
        const placed = [...(practicesOfPcn.get(scope.code) ?? [])].map((practice) => resolver.whereWas(practice, date)).filter((p) => p.pcn === scope.code);
        const fromFile = set.memberships.find((m) => m.pcnCode === scope.code && m.pcnSubIcbCode !== null)?.pcnSubIcbCode ?? undefined;
        const subIcb = mode(placed.map((p) => p.subIcb).filter((s) => s !== UNMAPPED)) ?? fromFile;
        if (subIcb === undefined) return [NATIONAL];
        const icb = mode(placed.filter((p) => p.subIcb === subIcb).map((p) => p.icb)) ?? icbOfSubIcb(subIcb);
        return icb === undefined || icb === UNMAPPED ? [NATIONAL, ref('sub-icb', subIcb)] : [NATIONAL, ref('icb', icb), ref('sub-icb', subIcb)];
      }
      const icb = icbOfSubIcb(scope.code);
      return icb === undefined ? [NATIONAL] : [NATIONAL, ref('icb', icb)];
    },
    within(scope, ancestor, period) {
      if (ancestor.level === 'national') return true;
      if (scope.level !== 'national' && scope.level === ancestor.level && scope.code === ancestor.code) return true;
      if (!isGeo(ancestor.level) || scope.level === 'pharmacy' || RANK[scope.level] <= RANK[ancestor.level]) return false;
      if (scope.level === 'national' || !isGeo(scope.level)) return false;
      const code = scope.code;
      const scopeField = AREA_FIELDS[scope.level];
      const ancestorField = AREA_FIELDS[ancestor.level];
      for (const practice of candidates(scope)) {
        for (const date of breakpoints(practice, membershipsOf.get(practice) ?? [], records.get(practice), period)) {
          const p = resolver.whereWas(practice, date);
          if (p[scopeField] === code && p[ancestorField] === ancestor.code) return true;
        }
      }
      return false;
    },
  };
}

/** A practice's reference rows as one comparable string (memberships sorted): equal strings place it the same on every day. */
export function practiceFingerprints(set: ReferenceSet): Map<string, string> {
  const rows = new Map<string, string[]>();
  const push = (practice: string, row: string) => rows.set(practice, [...(rows.get(practice) ?? []), row]);
  for (const m of set.memberships) push(m.practiceOds, JSON.stringify(['m', m.pcnCode, m.from, m.to]));
  for (const p of set.practices) push(p.practiceOds, JSON.stringify(['p', p.subIcbCode, p.icbCode, p.openDate, p.closeDate, p.from, p.to]));
  return new Map([...rows.entries()].map(([practice, list]) => [practice, list.sort().join('|')]));
}

/** Practices whose placement on some day may differ between two sets. */
export function practicesToReplace(before: ReferenceSet, after: ReferenceSet): string[] {
  const old = practiceFingerprints(before);
  const now = practiceFingerprints(after);
  const all = new Set([...old.keys(), ...now.keys()]);
  return [...all].filter((p) => old.get(p) !== now.get(p)).sort();
}
