import type { PcnMembership, PracticeRecord, ReferenceSet } from '@firstsync/outcomes-core';

/**
 * A synthetic reference set of national shape (no real organisations): 42 ICBs, 106 sub-ICB
 * locations, 1,250 PCNs and 6,300 practices (about five a PCN; 50 in no PCN), 2% of practices
 * moving PCN (within their sub-ICB) on MOVE_DATE, and 10,000 pharmacies spread over the sub-ICBs
 * like the practices.
 */
export const SHAPE = { icbs: 42, subIcbs: 106, pcns: 1_250, practices: 6_300, pharmacies: 10_000, unaffiliated: 50, movers: 0.02 } as const;
export const MOVE_DATE = '2025-07-01';

export interface SyntheticGeography {
  readonly set: ReferenceSet;
  /** Practice codes by index. */
  readonly practices: readonly string[];
  /** Per practice, the pharmacies most of its patients use (same sub-ICB). */
  readonly localPharmacies: readonly (readonly string[])[];
  readonly pharmacies: readonly string[];
  readonly icbs: readonly string[];
  readonly pcns: readonly string[];
  readonly subIcbs: readonly string[];
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const icbCode = (i: number) => `Q${letters[Math.floor(i / 26)] ?? 'Z'}${letters[i % 26] ?? 'Z'}`;
const subIcbCode = (i: number) => `${String(10 + Math.floor(i / 26)).slice(-2)}${letters[i % 26] ?? 'Z'}`;
const pcnCode = (i: number) => `U${String(10_000 + i).padStart(5, '0')}`;
const practiceCode = (i: number) => `${letters[Math.floor(i / 100_000) + 1] ?? 'Z'}${String(i % 100_000).padStart(5, '0')}`;
const pharmacyCode = (i: number) => `F${i.toString(36).toUpperCase().padStart(4, '0')}`;

/** A deterministic PRNG (mulberry32): the same seed gives the same data on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticGeography(seed = 17): SyntheticGeography {
  const random = prng(seed);
  const icbs = Array.from({ length: SHAPE.icbs }, (_, i) => icbCode(i));
  const subIcbs = Array.from({ length: SHAPE.subIcbs }, (_, i) => subIcbCode(i));
  const icbOfSub = subIcbs.map((_, i) => icbs[i % SHAPE.icbs] ?? 'QAA');
  const pcns = Array.from({ length: SHAPE.pcns }, (_, i) => pcnCode(i));
  const subOfPcn = pcns.map((_, i) => i % SHAPE.subIcbs);
  const pcnsOfSub = subIcbs.map((_, s) => pcns.flatMap((_pcn, i) => (subOfPcn[i] === s ? [i] : [])));
  const practices = Array.from({ length: SHAPE.practices }, (_, i) => practiceCode(i));
  const pharmacies = Array.from({ length: SHAPE.pharmacies }, (_, i) => pharmacyCode(i));
  const pharmaciesOfSub = subIcbs.map((_, s) => pharmacies.filter((_, i) => i % SHAPE.subIcbs === s));

  const memberships: PcnMembership[] = [];
  const records: PracticeRecord[] = [];
  const localPharmacies: string[][] = [];
  const affiliated = SHAPE.practices - SHAPE.unaffiliated;
  practices.forEach((practiceOds, i) => {
    const pcnIndex = i % SHAPE.pcns;
    const sub = i < affiliated ? (subOfPcn[pcnIndex] ?? 0) : i % SHAPE.subIcbs;
    const subCode = subIcbs[sub] ?? '';
    const practiceName = `SYNTHETIC PRACTICE ${practiceOds}`;
    const membership = (pcn: number, from: string, to: string | null): PcnMembership => ({
      practiceOds,
      practiceName,
      pcnCode: pcns[pcn] ?? '',
      pcnName: `SYNTHETIC PCN ${pcns[pcn]}`,
      practiceSubIcbCode: subCode,
      practiceSubIcbName: `SYNTHETIC SUB-ICB ${subCode}`,
      pcnSubIcbCode: subCode,
      pcnSubIcbName: `SYNTHETIC SUB-ICB ${subCode}`,
      from,
      to,
    });
    if (i < affiliated) {
      if (random() < SHAPE.movers) {
        const siblings = pcnsOfSub[sub] ?? [];
        const other = siblings.find((p) => p !== pcnIndex) ?? pcnIndex;
        memberships.push(membership(pcnIndex, '2019-07-01', '2025-06-30'), membership(other, MOVE_DATE, null));
      } else memberships.push(membership(pcnIndex, '2019-07-01', null));
    }
    records.push({
      practiceOds,
      practiceName,
      status: 'A',
      openDate: '1974-04-01',
      closeDate: null,
      subIcbCode: subCode,
      icbCode: icbOfSub[sub] ?? null,
      regionCode: 'Y90',
      from: '2022-07-01',
      to: null,
    });
    const pool = pharmaciesOfSub[sub] ?? pharmacies;
    localPharmacies.push(Array.from({ length: 6 }, () => pool[Math.floor(random() * pool.length)] ?? 'F0000'));
  });
  return { set: { memberships, practices: records }, practices, localPharmacies, pharmacies, icbs, pcns, subIcbs };
}

/** The same set with another 2% of practices moved to a sibling PCN from `from` (a new ePCN publication). */
export function withMoreMoves(geo: SyntheticGeography, from: string, seed = 23): ReferenceSet {
  const random = prng(seed);
  const byPcn = new Map<string, string>();
  for (const m of geo.set.memberships) byPcn.set(m.pcnCode, m.practiceSubIcbCode);
  const pcnsOfSub = new Map<string, string[]>();
  for (const [pcn, sub] of byPcn) pcnsOfSub.set(sub, [...(pcnsOfSub.get(sub) ?? []), pcn]);
  const moved = new Set(geo.practices.filter(() => random() < SHAPE.movers));
  const memberships = geo.set.memberships.flatMap((m) => {
    if (!moved.has(m.practiceOds) || m.to !== null) return [m];
    const other = (pcnsOfSub.get(m.practiceSubIcbCode) ?? []).find((p) => p !== m.pcnCode) ?? m.pcnCode;
    const dayBefore = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    return [
      { ...m, to: dayBefore },
      { ...m, pcnCode: other, pcnName: `SYNTHETIC PCN ${other}`, from, to: null },
    ];
  });
  return { memberships, practices: geo.set.practices };
}
