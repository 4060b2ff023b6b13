import type { PcnMembership } from './epcn';
import type { PracticeRecord } from './epraccur';

/** Where a practice is not in the reference data on a date, at a level: counted under this, never dropped. */
export const UNMAPPED = 'unmapped';
export type Unmapped = typeof UNMAPPED;

/** The loaded reference data: the ePCN workbook's memberships and epraccur's practices. */
export interface ReferenceSet {
  readonly memberships: readonly PcnMembership[];
  readonly practices: readonly PracticeRecord[];
}

/** Where a practice was on a date. Each level is a code, or `unmapped` when the files do not place it there. */
export interface Placement {
  readonly practiceOds: string;
  readonly pcn: string;
  readonly subIcb: string;
  readonly icb: string;
}

export interface ReferenceResolver {
  /** Where `practiceOds` was on `date` (YYYY-MM-DD): its PCN, sub-ICB location and ICB, each or `unmapped`. */
  whereWas(practiceOds: string, date: string): Placement;
  /** Every practice code the files know. */
  readonly practiceCodes: ReadonlySet<string>;
  /** Names as the files give them (ICBs have none in these two files). */
  readonly names: {
    readonly practices: ReadonlyMap<string, string>;
    readonly pcns: ReadonlyMap<string, string>;
    readonly subIcbs: ReadonlyMap<string, string>;
  };
}

const covers = (from: string | null, to: string | null, date: string): boolean => (from === null || from <= date) && (to === null || date <= to);

/**
 * Indexes a reference set for `whereWas`. The PCN is the ePCN membership covering the date (both
 * dates inclusive; where two cover it, as on a move day, the later one). The sub-ICB location and
 * ICB are epraccur's Commissioner and High Level Health Geography while the practice was with that
 * commissioner (its join and left dates), within its open and close dates.
 */
export function referenceResolver(set: ReferenceSet): ReferenceResolver {
  const memberships = new Map<string, PcnMembership[]>();
  for (const membership of set.memberships) {
    const list = memberships.get(membership.practiceOds) ?? [];
    list.push(membership);
    memberships.set(membership.practiceOds, list);
  }
  for (const list of memberships.values()) list.sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0));
  const practices = new Map(set.practices.map((p) => [p.practiceOds, p] as const));
  const names = {
    practices: new Map<string, string>(),
    pcns: new Map<string, string>(),
    subIcbs: new Map<string, string>(),
  };
  for (const m of set.memberships) {
    if (m.practiceName) names.practices.set(m.practiceOds, m.practiceName);
    if (m.pcnName) names.pcns.set(m.pcnCode, m.pcnName);
    if (m.practiceSubIcbName) names.subIcbs.set(m.practiceSubIcbCode, m.practiceSubIcbName);
    if (m.pcnSubIcbCode !== null && m.pcnSubIcbName) names.subIcbs.set(m.pcnSubIcbCode, m.pcnSubIcbName);
  }
  for (const p of set.practices) if (p.practiceName) names.practices.set(p.practiceOds, p.practiceName);

  return {
    whereWas(practiceOds, date) {
      const membership = memberships.get(practiceOds)?.find((m) => covers(m.from, m.to, date));
      const practice = practices.get(practiceOds);
      const commissioned = practice !== undefined && covers(practice.openDate, practice.closeDate, date) && covers(practice.from, practice.to, date);
      return {
        practiceOds,
        pcn: membership?.pcnCode ?? UNMAPPED,
        subIcb: (commissioned ? practice.subIcbCode : null) ?? UNMAPPED,
        icb: (commissioned ? practice.icbCode : null) ?? UNMAPPED,
      };
    },
    practiceCodes: new Set([...memberships.keys(), ...practices.keys()]),
    names,
  };
}
