import { readFile } from 'node:fs/promises';
import { outcomeFactRecordSchema } from '@firstsync/outcomes-core';
import { EPCN_FIXTURE, EPRACCUR_FIXTURE } from '@firstsync/outcomes-core/fixtures';
import { migrate, type SqlDatabase } from '@firstsync/read-store';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  discloseFigures,
  OUTCOMES_MIGRATIONS,
  type OutcomeFigures,
  type OutcomesStore,
  type Period,
  parseReferenceFiles,
  type Scope,
  sqlOutcomesStore,
} from '../src/index';
import { CAPSULE, CREAM, F, FIXTURE_RECORDS, FLUCLOX, GRAM, key, MORE, NITRO, RIGEVIDON, SEP_OCT, TABLET } from './fixture-facts';

export interface OpenedStore {
  readonly store: OutcomesStore;
  /** Raw SQL on the store's database, for the tests that look at what the tables hold. */
  readonly query: <Row extends object>(sql: string, params?: readonly unknown[]) => Promise<Row[]>;
  readonly schema: string;
  /** The store's database, for another store (or another schema) on it. */
  readonly db: SqlDatabase;
}

const META = { source: 'fixture', loadedAt: '2024-12-01T09:00:00Z', asOf: '2024-12-01' };
const position = (nextOffset: string, partition = 0) => ({ consumer: 'test', topic: 'outcomes.facts.v1', partition, nextOffset });

export async function fixtureReference() {
  const [epcn, epraccur] = await Promise.all([readFile(EPCN_FIXTURE, 'utf8'), readFile(EPRACCUR_FIXTURE, 'utf8')]);
  return parseReferenceFiles({ epcn, epraccur });
}

const ZERO_OUTCOMES = (counts: Partial<Record<string, number>>) =>
  (
    [
      ['medicine-supplied', 'supplied'],
      ['otc-sale', 'supplied'],
      ['advice-only', 'advice-only'],
      ['no-supply', 'advice-only'],
      ['referred-to-gp', 'referred'],
      ['urgent-escalation', 'referred'],
      ['signposted', 'referred'],
      ['referred-to-other-pharmacy-service', 'referred'],
    ] as const
  ).map(([outcome, group]) => ({ outcome, group, count: counts[outcome] ?? 0 }));

const DELIVERY = (counts: Partial<Record<string, number>>) =>
  (['pending', 'filed', 'fallback-email', 'rejected', 'switched-off', 'failed', 'not-shared'] as const).map((result) => ({
    result,
    count: counts[result] ?? 0,
  }));

const ANTIBIOTICS = (rows: Partial<Record<string, [number, number]>>) =>
  (['acute-sinusitis', 'sore-throat', 'acute-otitis-media', 'infected-insect-bite', 'impetigo', 'shingles', 'uncomplicated-uti'] as const).map((pathway) => ({
    pathway,
    consultations: rows[pathway]?.[0] ?? 0,
    withAntibiotic: rows[pathway]?.[1] ?? 0,
  }));

/** Every string in a JSON value, keys of the jsonb maps included (column names left out). */
function stringsIn(value: unknown, keys = false): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => stringsIn(v, true));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...(keys ? [k] : []), ...stringsIn(v, true)]);
  return [];
}

const NATIONAL = { level: 'national', code: null, name: 'England' } as const;

/**
 * The outcomes store's behaviour, run on PGlite (unit) and on a real PostgreSQL server. Every
 * expected figure below was worked out by hand from the table in fixture-facts.ts.
 */
export function outcomesStoreContract(open: () => Promise<OpenedStore>): void {
  describe('on the fixture facts and reference files', () => {
    let opened: OpenedStore;
    let store: OutcomesStore;
    const figures = (scope: Scope, period = SEP_OCT, within?: Scope) => store.figures(scope, period, within ? { within } : {});

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
      for (const record of FIXTURE_RECORDS) expect(outcomeFactRecordSchema.parse(record)).toEqual(record);
      await store.loadReference(await fixtureReference(), META);
      await store.absorb(FIXTURE_RECORDS, [position('22')]);
    });

    it('counts the country: every consultation once, by service, outcome, delivery, ICB (unmapped kept)', async () => {
      const f = await figures({ level: 'national' });
      expect(f.name).toBe('England');
      expect(f.parents).toEqual([]);
      expect(f.previousPeriod).toEqual({ granularity: 'month', from: '2024-07-01', to: '2024-09-01' });
      expect(f.totals).toEqual({ consultations: 8, previous: 1 });
      expect(f.series).toEqual([
        { start: '2024-09-01', consultations: 4 },
        { start: '2024-10-01', consultations: 4 },
      ]);
      expect(f.byServicePathway).toEqual([
        { service: 'pharmacy-first', pathway: 'sore-throat', count: 2, previous: 1 },
        { service: 'blood-pressure-check', pathway: null, count: 1, previous: 0 },
        { service: 'contraception', pathway: null, count: 1, previous: 0 },
        { service: 'pharmacy-first', pathway: null, count: 1, previous: 0 },
        { service: 'pharmacy-first', pathway: 'acute-sinusitis', count: 1, previous: 0 },
        { service: 'pharmacy-first', pathway: 'impetigo', count: 1, previous: 0 },
        { service: 'pharmacy-first', pathway: 'uncomplicated-uti', count: 1, previous: 0 },
      ]);
      // F3 counted once, as its amendment (referred-to-gp), not as its first version (advice-only).
      expect(f.outcomeMix).toEqual(ZERO_OUTCOMES({ 'medicine-supplied': 5, 'advice-only': 2, 'referred-to-gp': 1 }));
      expect(f.antibioticSupply).toEqual(ANTIBIOTICS({ 'acute-sinusitis': [1, 0], 'sore-throat': [2, 2], impetigo: [1, 0], 'uncomplicated-uti': [1, 1] }));
      expect(f.topMedicines).toEqual([
        { dmdCode: FLUCLOX, consultations: 2, quantity: { value: 40, unitCode: CAPSULE } },
        { dmdCode: CREAM, consultations: 1, quantity: { value: 10, unitCode: GRAM } },
        { dmdCode: RIGEVIDON, consultations: 1, quantity: { value: 84, unitCode: TABLET } },
        { dmdCode: NITRO, consultations: 1, quantity: { value: 6, unitCode: CAPSULE } },
      ]);
      // F4 was not shared with the GP: counted as not-shared (its delivery part says so too).
      expect(f.deliveryMix).toEqual(DELIVERY({ filed: 4, 'fallback-email': 1, rejected: 1, 'switched-off': 1, 'not-shared': 1 }));
      // Filings at 540, 690, 900 (907 in its 15-minute bin) and 2040 minutes: the lower median is 690.
      expect(f.medianMinutesToFiling).toBe(690);
      expect(f.filings).toBe(4);
      expect(f.switchedOffPractices).toEqual([{ practiceOds: 'A81002', name: 'RIVERSIDE SURGERY', count: 1 }]);
      expect(f.flows).toEqual([]);
      expect(f.children).toEqual([
        { level: 'icb', code: 'QZA', name: null, count: 6, previous: 1 },
        { level: 'icb', code: 'QZB', name: null, count: 1, previous: 0 },
        { level: 'icb', code: 'unmapped', name: null, count: 1, previous: 0 },
      ]);
    });

    it('counts an ICB with its sub-ICB locations and pharmacy-to-practice flows', async () => {
      const f = await figures({ level: 'icb', code: 'QZA' });
      expect(f.parents).toEqual([NATIONAL]);
      expect(f.totals).toEqual({ consultations: 6, previous: 1 });
      expect(f.series).toEqual([
        { start: '2024-09-01', consultations: 3 },
        { start: '2024-10-01', consultations: 3 },
      ]);
      expect(f.children).toEqual([
        { level: 'sub-icb', code: 'Z1A', name: 'NHS NORTHSHIRE ICB - Z1A', count: 5, previous: 1 },
        { level: 'sub-icb', code: 'Z1B', name: 'NHS NORTHSHIRE ICB - Z1B', count: 1, previous: 0 },
      ]);
      expect(f.flows).toEqual([
        { pharmacyOds: 'FA111', practiceOds: 'A81002', count: 2 },
        { pharmacyOds: 'FA111', practiceOds: 'A81001', count: 1 },
        { pharmacyOds: 'FA222', practiceOds: 'A81001', count: 1 },
        { pharmacyOds: 'FA222', practiceOds: 'A81003', count: 1 },
        { pharmacyOds: 'FA444', practiceOds: 'B82005', count: 1 },
      ]);
      expect(f.deliveryMix).toEqual(DELIVERY({ filed: 4, 'switched-off': 1, 'not-shared': 1 }));
      expect(f.medianMinutesToFiling).toBe(690);
      expect(f.outcomeMix).toEqual(ZERO_OUTCOMES({ 'medicine-supplied': 4, 'advice-only': 1, 'referred-to-gp': 1 }));
    });

    it('counts the practice that changed PCN in its old PCN before the move and its new one after', async () => {
      const sub = await figures({ level: 'sub-icb', code: 'Z1A' });
      expect(sub.parents).toEqual([NATIONAL, { level: 'icb', code: 'QZA', name: null }]);
      expect(sub.children).toEqual([
        { level: 'pcn', code: 'U90001', name: 'NORTHGATE AND RIVERSIDE PCN', count: 3, previous: 1 },
        { level: 'pcn', code: 'U90002', name: 'HARBOURSIDE PCN', count: 2, previous: 0 },
      ]);
      const old = await figures({ level: 'pcn', code: 'U90001' });
      expect(old.totals).toEqual({ consultations: 3, previous: 1 });
      expect(old.children).toEqual([
        { level: 'practice', code: 'A81001', name: 'NORTHGATE MEDICAL PRACTICE', count: 2, previous: 0 },
        { level: 'practice', code: 'A81002', name: 'RIVERSIDE SURGERY', count: 1, previous: 1 },
      ]);
      expect(old.switchedOffPractices).toEqual([]);
      // F1 and F10 (two lines of the same medicine: one consultation, 20 capsules) in U90001.
      expect(old.topMedicines).toEqual([{ dmdCode: FLUCLOX, consultations: 2, quantity: { value: 40, unitCode: CAPSULE } }]);
      expect(old.antibioticSupply.find((a) => a.pathway === 'sore-throat')).toEqual({ pathway: 'sore-throat', consultations: 2, withAntibiotic: 2 });
      expect(old.outcomeMix).toEqual(ZERO_OUTCOMES({ 'medicine-supplied': 2, 'referred-to-gp': 1 }));
      expect(old.deliveryMix).toEqual(DELIVERY({ filed: 3 }));
      // 540, 690 and 2040 minutes: the lower median is 690.
      expect(old.medianMinutesToFiling).toBe(690);
      expect(old.parents).toEqual([NATIONAL, { level: 'icb', code: 'QZA', name: null }, { level: 'sub-icb', code: 'Z1A', name: 'NHS NORTHSHIRE ICB - Z1A' }]);
      const now = await figures({ level: 'pcn', code: 'U90002' });
      expect(now.totals).toEqual({ consultations: 2, previous: 0 });
      expect(now.children).toEqual([
        { level: 'practice', code: 'A81002', name: 'RIVERSIDE SURGERY', count: 1, previous: 0 },
        { level: 'practice', code: 'A81003', name: 'CASTLE STREET HEALTH CENTRE', count: 1, previous: 0 },
      ]);
      expect(now.switchedOffPractices).toEqual([{ practiceOds: 'A81002', name: 'RIVERSIDE SURGERY', count: 1 }]);
      expect(now.flows).toEqual([
        { pharmacyOds: 'FA111', practiceOds: 'A81002', count: 1 },
        { pharmacyOds: 'FA222', practiceOds: 'A81003', count: 1 },
      ]);
      const practice = await figures({ level: 'practice', code: 'A81002' });
      expect(practice.totals).toEqual({ consultations: 2, previous: 1 });
      expect(practice.children).toEqual([]);
      expect(practice.name).toBe('RIVERSIDE SURGERY');
      // Breadcrumbs: where it was on the period's last day (after the move).
      expect(practice.parents).toEqual([
        NATIONAL,
        { level: 'icb', code: 'QZA', name: null },
        { level: 'sub-icb', code: 'Z1A', name: 'NHS NORTHSHIRE ICB - Z1A' },
        { level: 'pcn', code: 'U90002', name: 'HARBOURSIDE PCN' },
      ]);
      expect((await figures({ level: 'practice', code: 'A81002' }, SEP_OCT, { level: 'pcn', code: 'U90001' })).totals).toEqual({
        consultations: 1,
        previous: 1,
      });
      expect((await figures({ level: 'practice', code: 'A81002' }, SEP_OCT, { level: 'pcn', code: 'U90002' })).totals).toEqual({
        consultations: 1,
        previous: 0,
      });
    });

    it('counts a PCN within an ICB or sub-ICB location: only the consultations placed there', async () => {
      const u90001 = { level: 'pcn', code: 'U90001' } as const;
      expect((await figures(u90001, SEP_OCT, { level: 'icb', code: 'QZA' })).totals).toEqual({ consultations: 3, previous: 1 });
      expect((await figures(u90001, SEP_OCT, { level: 'sub-icb', code: 'Z1A' })).totals).toEqual({ consultations: 3, previous: 1 });
      expect((await figures(u90001, SEP_OCT, { level: 'icb', code: 'QZB' })).totals).toEqual({ consultations: 0, previous: 0 });
      expect((await figures(u90001, SEP_OCT, { level: 'sub-icb', code: 'Z1B' })).totals).toEqual({ consultations: 0, previous: 0 });
      // The unmapped PCN spans areas: F6 (P87651, Z2A in QZB) and F5 (X99999, unmapped everywhere).
      const unmapped = { level: 'pcn', code: 'unmapped' } as const;
      const inQzb = await figures(unmapped, SEP_OCT, { level: 'icb', code: 'QZB' });
      expect(inQzb.totals).toEqual({ consultations: 1, previous: 0 });
      expect(inQzb.children).toEqual([{ level: 'practice', code: 'P87651', name: 'STATION ROAD PRACTICE', count: 1, previous: 0 }]);
      expect(inQzb.flows).toEqual([{ pharmacyOds: 'FA333', practiceOds: 'P87651', count: 1 }]);
      expect(inQzb.byServicePathway).toEqual([{ service: 'contraception', pathway: null, count: 1, previous: 0 }]);
      expect((await figures(unmapped, SEP_OCT, { level: 'sub-icb', code: 'Z2A' })).totals).toEqual({ consultations: 1, previous: 0 });
      const nowhere = await figures(unmapped, SEP_OCT, { level: 'icb', code: 'unmapped' });
      expect(nowhere.children).toEqual([{ level: 'practice', code: 'X99999', name: null, count: 1, previous: 0 }]);
      expect(nowhere.deliveryMix).toEqual(DELIVERY({ 'fallback-email': 1 }));
    });

    it('counts unmapped practices under unmapped, never dropping them', async () => {
      const pcn = await figures({ level: 'pcn', code: 'unmapped' });
      expect(pcn.totals).toEqual({ consultations: 2, previous: 0 });
      expect(pcn.children).toEqual([
        { level: 'practice', code: 'P87651', name: 'STATION ROAD PRACTICE', count: 1, previous: 0 },
        { level: 'practice', code: 'X99999', name: null, count: 1, previous: 0 },
      ]);
      const sub = await figures({ level: 'sub-icb', code: 'Z2A' });
      expect(sub.children).toEqual([{ level: 'pcn', code: 'unmapped', name: null, count: 1, previous: 0 }]);
      expect(sub.deliveryMix).toEqual(DELIVERY({ rejected: 1 }));
      const icb = await figures({ level: 'icb', code: 'unmapped' });
      expect(icb.totals).toEqual({ consultations: 1, previous: 0 });
      expect(icb.children).toEqual([{ level: 'sub-icb', code: 'unmapped', name: null, count: 1, previous: 0 }]);
      expect(icb.byServicePathway).toEqual([{ service: 'blood-pressure-check', pathway: null, count: 1, previous: 0 }]);
    });

    it('counts a pharmacy, by weeks across a month end too', async () => {
      const f = await figures({ level: 'pharmacy', code: 'FA111' });
      expect(f.totals).toEqual({ consultations: 3, previous: 1 });
      expect(f.parents).toEqual([NATIONAL]);
      expect(f.flows).toEqual([
        { pharmacyOds: 'FA111', practiceOds: 'A81002', count: 2 },
        { pharmacyOds: 'FA111', practiceOds: 'A81001', count: 1 },
      ]);
      expect(f.medianMinutesToFiling).toBe(540);
      expect(f.filings).toBe(2);
      // Week of Monday 30 September: F2 (2 Oct) and F5 (5 Oct); the week before: F9 (25 Sep).
      const week = { granularity: 'week', from: '2024-09-30', to: '2024-10-07' } as const;
      const national = await figures({ level: 'national' }, week);
      expect(national.series).toEqual([{ start: '2024-09-30', consultations: 2 }]);
      expect(national.totals).toEqual({ consultations: 2, previous: 1 });
      // From the PCN's rollup rows (weeks within months): U90002 has F2 (2 Oct) that week and nothing the week before.
      const pcnWeek = await figures({ level: 'pcn', code: 'U90002' }, week);
      expect(pcnWeek.series).toEqual([{ start: '2024-09-30', consultations: 1 }]);
      expect(pcnWeek.totals).toEqual({ consultations: 1, previous: 0 });
      const twoWeeks = await figures({ level: 'pharmacy', code: 'FA111' }, { granularity: 'week', from: '2024-09-09', to: '2024-09-23' });
      // F1 (Tue 10 Sep) and F10 (Wed 11 Sep) in the first week, none in the second; F7 is not in the two weeks before.
      expect(twoWeeks.series).toEqual([
        { start: '2024-09-09', consultations: 2 },
        { start: '2024-09-16', consultations: 0 },
      ]);
      expect(twoWeeks.topMedicines).toEqual([{ dmdCode: FLUCLOX, consultations: 2, quantity: { value: 40, unitCode: CAPSULE } }]);
      const qza = await figures({ level: 'icb', code: 'QZA' }, week);
      expect(qza.totals).toEqual({ consultations: 1, previous: 1 });
      expect(qza.flows).toEqual([{ pharmacyOds: 'FA111', practiceOds: 'A81002', count: 1 }]);
    });

    it('restricts figures to a scope within another, and answers whether one lies in another', async () => {
      expect((await figures({ level: 'sub-icb', code: 'Z1A' }, SEP_OCT, { level: 'icb', code: 'QZA' })).totals).toEqual({ consultations: 5, previous: 1 });
      expect((await figures({ level: 'sub-icb', code: 'Z1A' }, SEP_OCT, { level: 'icb', code: 'QZB' })).totals).toEqual({ consultations: 0, previous: 0 });
      expect((await figures({ level: 'pharmacy', code: 'FA333' }, SEP_OCT, { level: 'icb', code: 'QZB' })).totals).toEqual({ consultations: 1, previous: 0 });
      const nov = { granularity: 'month', from: '2024-11-01', to: '2024-12-01' } as const;
      const aug = { granularity: 'month', from: '2024-08-01', to: '2024-09-01' } as const;
      const a81002 = { level: 'practice', code: 'A81002' } as const;
      expect(await store.scopeWithin(a81002, { level: 'pcn', code: 'U90001' }, SEP_OCT)).toBe(true);
      expect(await store.scopeWithin(a81002, { level: 'pcn', code: 'U90001' }, nov)).toBe(false);
      expect(await store.scopeWithin(a81002, { level: 'pcn', code: 'U90002' }, aug)).toBe(false);
      expect(await store.scopeWithin(a81002, { level: 'icb', code: 'QZA' }, nov)).toBe(true);
      expect(await store.scopeWithin({ level: 'pcn', code: 'U90001' }, { level: 'icb', code: 'QZB' }, SEP_OCT)).toBe(false);
      expect(await store.scopeWithin({ level: 'pcn', code: 'U90004' }, { level: 'icb', code: 'QZB' }, SEP_OCT)).toBe(true);
      expect(await store.scopeWithin({ level: 'icb', code: 'QZA' }, { level: 'pcn', code: 'U90001' }, SEP_OCT)).toBe(false);
      expect(await store.scopeWithin({ level: 'pcn', code: 'U90002' }, { level: 'pcn', code: 'U90001' }, SEP_OCT)).toBe(false);
      expect(await store.scopeWithin({ level: 'pharmacy', code: 'FA333' }, { level: 'icb', code: 'QZB' }, SEP_OCT)).toBe(true);
      expect(await store.scopeWithin({ level: 'pharmacy', code: 'FA444' }, { level: 'icb', code: 'QZB' }, SEP_OCT)).toBe(false);
      expect(await store.scopeName({ level: 'pcn', code: 'U90003' })).toBe('MOORLAND PCN');
      expect(await store.scopeName({ level: 'icb', code: 'QZA' })).toBeNull();
    });

    it('discloses the figures: small counts as *, the rest to 5, the median hidden under 8 filings', async () => {
      const shown = discloseFigures(await figures({ level: 'icb', code: 'QZA' }));
      expect(shown.totals).toEqual({ consultations: '*', previous: '*', changePercent: null });
      expect(shown.medianMinutesToFiling).toBe('*');
      expect(shown.flows.map((f) => f.count)).toEqual(['*', '*', '*', '*', '*']);
      expect(JSON.stringify(shown)).not.toMatch(/"count":[1-7][,}]/);
    });

    it('absorbs idempotently: the same records again, or one by one, change nothing', async () => {
      const before = await figures({ level: 'national' });
      const again = await store.absorb(FIXTURE_RECORDS, [position('22')]);
      expect(again).toEqual({ consultations: 0, deliveries: 0, unchanged: FIXTURE_RECORDS.length });
      for (const record of FIXTURE_RECORDS) await store.absorb([record], []);
      // An older version arriving late does not replace the amendment.
      await store.absorb([F.F3v1], []);
      expect(await figures({ level: 'national' })).toEqual(before);
      expect(await store.offsets('test')).toEqual([position('22')]);
      await store.absorb([], [position('5')]);
      expect(await store.offsets('test')).toEqual([position('22')]);
    });
  });

  describe('absorbing in other orders and reloading reference data', () => {
    it('gives the same figures one record per batch as all at once, and re-places consultations when the files change', async () => {
      const { store } = await open();
      // Facts before any reference data: everything unmapped, nothing dropped.
      for (const record of FIXTURE_RECORDS) await store.absorb([record], []);
      const unplaced = await store.figures({ level: 'national' }, SEP_OCT);
      expect(unplaced.children).toEqual([{ level: 'icb', code: 'unmapped', name: null, count: 8, previous: 1 }]);
      expect(await store.referenceStatus()).toBeNull();

      const set = await fixtureReference();
      const first = await store.loadReference(set, META);
      // Every fact but X99999's (F5) is re-placed: F1-F4, F6-F10.
      expect(first.factsReplaced).toBe(9);
      expect(first.diff.practicesAdded).toHaveLength(10);
      expect(first.status).toMatchObject({ generation: 1, source: 'fixture', practices: 10, pcns: 4, subIcbs: 3, icbs: 2, memberships: 10 });
      const national = await store.figures({ level: 'national' }, SEP_OCT);
      expect(national.children).toEqual([
        { level: 'icb', code: 'QZA', name: null, count: 6, previous: 1 },
        { level: 'icb', code: 'QZB', name: null, count: 1, previous: 0 },
        { level: 'icb', code: 'unmapped', name: null, count: 1, previous: 0 },
      ]);
      expect(national.outcomeMix).toEqual(ZERO_OUTCOMES({ 'medicine-supplied': 5, 'advice-only': 2, 'referred-to-gp': 1 }));

      // A new file moves A81003 to U90001 for good: its one consultation (F4) moves with it.
      const moved = {
        ...set,
        memberships: set.memberships.map((m) => (m.practiceOds === 'A81003' ? { ...m, pcnCode: 'U90001', pcnName: 'NORTHGATE AND RIVERSIDE PCN' } : m)),
      };
      const second = await store.loadReference(moved, { ...META, source: 'fixture, A81003 moved' });
      expect(second.diff).toEqual({
        practicesAdded: [],
        practicesRemoved: [],
        movedPcn: [{ practiceOds: 'A81003', from: 'U90002', to: 'U90001' }],
        movedSubIcb: [],
        movedIcb: [],
      });
      expect(second.factsReplaced).toBe(1);
      expect(second.status.generation).toBe(2);
      const sub = await store.figures({ level: 'sub-icb', code: 'Z1A' }, SEP_OCT);
      expect(sub.children).toEqual([
        { level: 'pcn', code: 'U90001', name: 'NORTHGATE AND RIVERSIDE PCN', count: 4, previous: 1 },
        { level: 'pcn', code: 'U90002', name: 'HARBOURSIDE PCN', count: 1, previous: 0 },
      ]);
      const u90001 = await store.figures({ level: 'pcn', code: 'U90001' }, SEP_OCT);
      expect(u90001.totals).toEqual({ consultations: 4, previous: 1 });
      expect(u90001.children.map((c) => [c.code, c.count])).toEqual([
        ['A81001', 2],
        ['A81002', 1],
        ['A81003', 1],
      ]);
      expect(u90001.flows).toContainEqual({ pharmacyOds: 'FA222', practiceOds: 'A81003', count: 1 });
      const u90002 = await store.figures({ level: 'pcn', code: 'U90002' }, SEP_OCT);
      expect(u90002.totals).toEqual({ consultations: 1, previous: 0 });
      expect(u90002.flows).toEqual([{ pharmacyOds: 'FA111', practiceOds: 'A81002', count: 1 }]);
      await store.close();
    });

    it('keeps a delivery part of a later version until its consultation part comes', async () => {
      const { store } = await open();
      await store.loadReference(await fixtureReference(), META);
      const amended = { ...F.F1, version: 2, outcome: 'referred-to-gp' } as const;
      const filedV2 = {
        part: 'delivery',
        factKey: key(1),
        version: 2,
        result: 'filed',
        route: 'fhir-rest',
        code: '201',
        filedAt: '2024-09-10T12:00:00Z',
      } as const;
      await store.absorb([F.F1, filedV2], []);
      expect((await store.figures({ level: 'national' }, SEP_OCT)).deliveryMix).toEqual(DELIVERY({ pending: 1 }));
      await store.absorb([amended], []);
      const f = await store.figures({ level: 'national' }, SEP_OCT);
      expect(f.deliveryMix).toEqual(DELIVERY({ filed: 1 }));
      expect(f.outcomeMix).toEqual(ZERO_OUTCOMES({ 'referred-to-gp': 1 }));
      // 12:00Z on 10 September is 13:00 BST: 780 minutes after the day began.
      expect(f.medianMinutesToFiling).toBe(780);
      await store.close();
    });
  });

  describe('PCN rows of the rollup: weeks within months, amendments, flows at a month edge, a rebuilt level', () => {
    const pcn = (code: string) => ({ level: 'pcn', code }) as const;
    const weekOf30Sep: Period = { granularity: 'week', from: '2024-09-30', to: '2024-10-07' };

    it('counts a week across a month end once and splits it between the months; an amendment moves its cells', async () => {
      const { store } = await open();
      await store.loadReference(await fixtureReference(), META);
      await store.absorb([...FIXTURE_RECORDS, MORE.F11, MORE.F12], []);
      // U90002 that week: F11 (Mon 30 Sep, A81003) and F2 (Wed 2 Oct, A81002).
      const week = await store.figures(pcn('U90002'), weekOf30Sep);
      expect(week.series).toEqual([{ start: '2024-09-30', consultations: 2 }]);
      expect(week.totals).toEqual({ consultations: 2, previous: 0 });
      expect(week.children.map((c) => [c.code, c.count])).toEqual([
        ['A81002', 1],
        ['A81003', 1],
      ]);
      expect(week.flows).toEqual([
        { pharmacyOds: 'FA111', practiceOds: 'A81002', count: 1 },
        { pharmacyOds: 'FA222', practiceOds: 'A81003', count: 1 },
      ]);
      // By month: F11 in September, F2 and F4 in October.
      const months = await store.figures(pcn('U90002'), SEP_OCT);
      expect(months.series).toEqual([
        { start: '2024-09-01', consultations: 1 },
        { start: '2024-10-01', consultations: 2 },
      ]);
      // F11 amended: another practice (A81001, so U90001) and outcome. It leaves U90002 and joins U90001, counted once.
      await store.absorb([MORE.F11v2], []);
      const after = await store.figures(pcn('U90002'), weekOf30Sep);
      expect(after.totals).toEqual({ consultations: 1, previous: 0 });
      expect(after.flows).toEqual([{ pharmacyOds: 'FA111', practiceOds: 'A81002', count: 1 }]);
      const joined = await store.figures(pcn('U90001'), weekOf30Sep);
      expect(joined.series).toEqual([{ start: '2024-09-30', consultations: 1 }]);
      expect(joined.outcomeMix).toEqual(ZERO_OUTCOMES({ 'referred-to-gp': 1 }));
      expect(joined.children).toEqual([{ level: 'practice', code: 'A81001', name: 'NORTHGATE MEDICAL PRACTICE', count: 1, previous: 0 }]);
      const u90001 = await store.figures(pcn('U90001'), SEP_OCT);
      // F1, F10 and F11 in September; F3 in October (F12 is a U90001 consultation of 29 October too).
      expect(u90001.series).toEqual([
        { start: '2024-09-01', consultations: 3 },
        { start: '2024-10-01', consultations: 2 },
      ]);
      // Six weeks from 9 September: F1 and F10 in the first, F11 in the fourth, F3 in the sixth; F7 (12 August) in the six before.
      const sixWeeks = await store.figures(pcn('U90001'), { granularity: 'week', from: '2024-09-09', to: '2024-10-21' });
      expect(sixWeeks.series.map((p) => p.consultations)).toEqual([2, 0, 0, 1, 0, 1]);
      expect(sixWeeks.totals).toEqual({ consultations: 4, previous: 1 });
      expect(sixWeeks.topMedicines).toEqual([{ dmdCode: FLUCLOX, consultations: 2, quantity: { value: 40, unitCode: CAPSULE } }]);

      // Eight weeks from Monday 2 September: flows are September and October less 1 September and 28-31 October,
      // so F12 (29 October, FA444 -> A81001) is not in them, though it is in October's.
      const qza = { level: 'icb', code: 'QZA' } as const;
      const eightWeeks = await store.figures(qza, { granularity: 'week', from: '2024-09-02', to: '2024-10-28' });
      expect(eightWeeks.totals.consultations).toBe(7);
      expect(eightWeeks.flows).toEqual([
        { pharmacyOds: 'FA111', practiceOds: 'A81002', count: 2 },
        { pharmacyOds: 'FA222', practiceOds: 'A81001', count: 2 },
        { pharmacyOds: 'FA111', practiceOds: 'A81001', count: 1 },
        { pharmacyOds: 'FA222', practiceOds: 'A81003', count: 1 },
        { pharmacyOds: 'FA444', practiceOds: 'B82005', count: 1 },
      ]);
      const october = await store.figures(qza, { granularity: 'month', from: '2024-10-01', to: '2024-11-01' });
      expect(october.flows).toContainEqual({ pharmacyOds: 'FA444', practiceOds: 'A81001', count: 1 });
      await store.close();
    });

    it('forgets what a rolled-back batch added, and follows another instance writing the same store', async () => {
      const { store, db, schema } = await open();
      await store.loadReference(await fixtureReference(), META);
      await store.absorb(FIXTURE_RECORDS, []);
      // The offset is not a number: the batch's transaction fails after its rollup rows were written, and rolls back.
      await expect(store.absorb([MORE.F13], [position('not-a-number')])).rejects.toThrow();
      expect((await store.figures(pcn('U90002'), SEP_OCT)).totals).toEqual({ consultations: 2, previous: 0 });
      await store.absorb([MORE.F13], []);
      expect((await store.figures(pcn('U90002'), SEP_OCT)).totals).toEqual({ consultations: 3, previous: 0 });
      // A second instance adds F12 to October's rows; the first then adds F14 to them as they are now, F12 included.
      const other = sqlOutcomesStore(db, schema);
      await other.absorb([MORE.F12], []);
      await store.absorb([MORE.F14], []);
      // QZA: F1, F9, F10 in September; F2, F3, F4, F13, F12, F14 in October.
      expect((await other.figures({ level: 'icb', code: 'QZA' }, SEP_OCT)).series).toEqual([
        { start: '2024-09-01', consultations: 3 },
        { start: '2024-10-01', consultations: 6 },
      ]);
      expect((await store.figures({ level: 'national' }, SEP_OCT)).totals).toEqual({ consultations: 11, previous: 1 });
      await store.close();
    });

    it('rebuilds the PCN rows of a store that had facts before version 2, once', async () => {
      const { store, db, schema } = await open();
      // A store without facts has nothing to rebuild.
      expect(await db.query(`SELECT level FROM "${schema}".rollup_rebuilds`)).toEqual([]);
      await store.loadReference(await fixtureReference(), META);
      await store.absorb([...FIXTURE_RECORDS, MORE.F11], []);
      // What a version-1 store held: the facts, the reference data and the rollup, without PCN rows.
      const v1 = `${schema}_v1`;
      await migrate(
        db,
        v1,
        OUTCOMES_MIGRATIONS.filter((m) => m.version === 1),
      );
      for (const table of ['facts', 'ref_memberships', 'ref_practices', 'ref_loads']) {
        await db.query(`INSERT INTO "${v1}".${table} SELECT * FROM "${schema}".${table}`);
      }
      await db.query(
        `INSERT INTO "${v1}".rollup SELECT level, area, grain, bucket, parent, counts, children, medicines, quantities, switched_off FROM "${schema}".rollup WHERE level <> 'pcn'`,
      );
      await migrate(db, v1, OUTCOMES_MIGRATIONS);
      expect(await db.query(`SELECT level FROM "${v1}".rollup_rebuilds`)).toEqual([{ level: 'pcn' }]);
      const upgraded = sqlOutcomesStore(db, v1);
      const views: [Scope, Period, Scope | undefined][] = [
        [pcn('U90001'), SEP_OCT, undefined],
        [pcn('U90002'), weekOf30Sep, undefined],
        [pcn('unmapped'), SEP_OCT, { level: 'icb', code: 'QZB' }],
        [pcn('U90001'), { granularity: 'week', from: '2024-09-09', to: '2024-10-21' }, { level: 'sub-icb', code: 'Z1A' }],
      ];
      for (const [scope, period, within] of views) {
        const options = within ? { within } : {};
        expect(await upgraded.figures(scope, period, options)).toEqual(await store.figures(scope, period, options));
      }
      expect((await upgraded.figures(pcn('U90002'), weekOf30Sep)).totals).toEqual({ consultations: 2, previous: 0 });
      expect(await db.query(`SELECT level FROM "${v1}".rollup_rebuilds`)).toEqual([]);
      // From there on it absorbs as any store.
      await upgraded.absorb([MORE.F13], []);
      expect((await upgraded.figures(pcn('U90002'), SEP_OCT)).totals).toEqual({ consultations: 4, previous: 0 });
      await store.close();
    });
  });

  describe('what the store holds', () => {
    it('has tables of fact fields, tallies and reference data only, and no value from outside the facts', async () => {
      const { store, query, schema } = await open();
      await store.loadReference(await fixtureReference(), META);
      // A caller passing more than a fact (an identifier, free text) stores none of it.
      const smuggled = { ...F.F1, factKey: key(11), nhsNumber: '9434765919', name: 'MARKER-NAME', notes: 'MARKER-TEXT' } as unknown as typeof F.F1;
      // A delivery part whose consultation part has not come yet waits in pending_deliveries.
      const early = {
        part: 'delivery',
        factKey: key(12),
        version: 1,
        result: 'filed',
        route: 'fhir-rest',
        code: '201',
        filedAt: '2024-09-10T12:00:00Z',
      } as const;
      await store.absorb([...FIXTURE_RECORDS, smuggled, early], [position('24')]);
      const columns = await query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
        [schema],
      );
      const byTable: Record<string, string[]> = {};
      for (const c of columns) byTable[c.table_name] = [...(byTable[c.table_name] ?? []), c.column_name];
      expect(byTable).toEqual({
        facts: [
          'fact_key',
          'version',
          'service',
          'pharmacy_first_element',
          'pathway',
          'outcome',
          'referral_source',
          'medicines',
          'age_band',
          'sex',
          'pharmacy_ods',
          'practice_ods',
          'consultation_date',
          'shared_with_gp',
          'd_result',
          'd_route',
          'd_code',
          'd_filed_at',
          'result',
          'filing_bin',
          'has_antibiotic',
          'pcn',
          'sub_icb',
          'icb',
        ],
        flows: ['month', 'icb', 'sub_icb', 'pcn', 'practice_ods', 'pharmacy_ods', 'n'],
        pending_deliveries: ['fact_key', 'version', 'result', 'route', 'code', 'filed_at'],
        ref_loads: ['generation', 'source', 'loaded_at', 'practices', 'pcns', 'sub_icbs', 'icbs', 'memberships'],
        ref_memberships: [
          'practice_ods',
          'practice_name',
          'pcn_code',
          'pcn_name',
          'practice_sub_icb_code',
          'practice_sub_icb_name',
          'pcn_sub_icb_code',
          'pcn_sub_icb_name',
          'valid_from',
          'valid_to',
        ],
        ref_practices: [
          'practice_ods',
          'practice_name',
          'status',
          'open_date',
          'close_date',
          'sub_icb_code',
          'icb_code',
          'region_code',
          'valid_from',
          'valid_to',
        ],
        rollup: ['level', 'area', 'grain', 'bucket', 'parent', 'counts', 'children', 'medicines', 'quantities', 'switched_off', 'flows'],
        rollup_rebuilds: ['level'],
        rollup_writer: ['token'],
        schema_migrations: ['version', 'name', 'applied_at'],
        stream_offsets: ['consumer', 'topic', 'partition', 'next_offset'],
      });
      // Every text in the fact tables (jsonb keys too) is a code, an enum or field name, an age band, a date or instant, a fact key or a number,
      // or two codes (dm+d/unit, pharmacy/practice, ICB/sub-ICB): nothing that could be a name, a number identifying a person or free text.
      const CODE =
        /^([0-9a-f]{64}|[A-Z][0-9]{5}|F[A-Z0-9]{4}|[A-Z0-9]{3}|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z)?|[a-z][a-zA-Z0-9-]*|[1-9][0-9]{0,17}|[0-9]{1,2}(-[0-9]{1,2}|\+)|[1-9][0-9]{5,17}\/[1-9][0-9]{5,17}|(F[A-Z0-9]{4}|[A-Z0-9]{3}|unmapped)\/([A-Z][0-9]{5}|[A-Z0-9]{3}|unmapped)|)$/;
      for (const table of ['facts', 'pending_deliveries', 'rollup', 'flows']) {
        const rows = await query<{ row: Record<string, unknown> }>(`SELECT row_to_json(t) AS row FROM "${schema}".${table} t`);
        expect(rows.length).toBeGreaterThan(0);
        const texts = rows.flatMap((r) => stringsIn(r.row));
        for (const text of texts) expect(text).toMatch(CODE);
        expect(texts).not.toContain('9434765919');
      }
      const dump = JSON.stringify(await query(`SELECT row_to_json(t) AS row FROM "${schema}".facts t`));
      expect(dump).toContain(key(11));
      expect(dump).not.toMatch(/MARKER|9434765919/);
      await store.close();
    });
  });
}

export type { OutcomeFigures };
