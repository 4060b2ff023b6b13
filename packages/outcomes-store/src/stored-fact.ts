import type { ConsultationPart, DeliveryPart, MedicineFact, OutcomeFact, Placement } from '@firstsync/outcomes-core';
import { mergeFact } from '@firstsync/outcomes-core';
import { factCells, summaryOf } from './cells';
import { addToCounters, COUNTER_LENGTH } from './counter-layout';
import { monthStart, weekStart } from './period';

/** A consultation as the store keeps it: its latest consultation part, the delivery part of that version, and where its practice was that day. */
export interface StoredFact {
  readonly part: ConsultationPart;
  readonly delivery: DeliveryPart | null;
  readonly placement: Placement;
}

export const mergedOf = (fact: StoredFact): OutcomeFact => mergeFact(fact.part, fact.delivery ?? undefined);

/** Fresh medicine objects in one key order (jsonb reorders keys), so stored and received facts compare equal. */
export const canonicalMedicines = (medicines: readonly MedicineFact[]): MedicineFact[] =>
  medicines.map((m) => ({
    dmdCode: m.dmdCode,
    quantity: { value: m.quantity.value, unitCode: m.quantity.unitCode },
    supplyType: m.supplyType,
    antibiotic: m.antibiotic,
  }));

/** The `facts` columns in table order (migrations.ts). */
export const FACT_COLUMNS = [
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
] as const;
/** SQL array types of FACT_COLUMNS for unnest (medicines travel as text and are cast to jsonb). */
export const FACT_COLUMN_TYPES = [
  'text',
  'int',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'boolean',
  'text',
  'text',
  'text',
  'text',
  'text',
  'int',
  'boolean',
  'text',
  'text',
  'text',
] as const;

export type FactRowValues = (string | number | boolean | null)[];

/** The row's values in FACT_COLUMNS order; two facts with equal values are the same to the store. */
export function factRowValues(fact: StoredFact): FactRowValues {
  const p = fact.part;
  const d = fact.delivery;
  const summary = summaryOf(mergedOf(fact));
  return [
    p.factKey,
    p.version,
    p.service,
    p.pharmacyFirstElement,
    p.pathway,
    p.outcome,
    p.referralSource,
    JSON.stringify(canonicalMedicines(p.medicines)),
    p.ageBand,
    p.sex,
    p.pharmacyOds,
    p.practiceOds,
    p.consultationDate,
    p.sharedWithGp,
    d?.result ?? null,
    d?.route ?? null,
    d?.code ?? null,
    d?.filedAt ?? null,
    summary.result,
    summary.filingBin,
    summary.hasAntibiotic,
    fact.placement.pcn,
    fact.placement.subIcb,
    fact.placement.icb,
  ];
}

export interface FactRow {
  fact_key: string;
  version: number;
  service: ConsultationPart['service'];
  pharmacy_first_element: ConsultationPart['pharmacyFirstElement'];
  pathway: ConsultationPart['pathway'];
  outcome: ConsultationPart['outcome'];
  referral_source: ConsultationPart['referralSource'];
  medicines: MedicineFact[];
  age_band: ConsultationPart['ageBand'];
  sex: ConsultationPart['sex'];
  pharmacy_ods: string;
  practice_ods: string;
  consultation_date: string;
  shared_with_gp: boolean;
  d_result: DeliveryPart['result'] | null;
  d_route: DeliveryPart['route'];
  d_code: DeliveryPart['code'];
  d_filed_at: DeliveryPart['filedAt'];
  result: string;
  filing_bin: number | null;
  has_antibiotic: boolean;
  pcn: string;
  sub_icb: string;
  icb: string;
}

export function storedFactOf(row: FactRow): StoredFact {
  const part: ConsultationPart = {
    part: 'consultation',
    factKey: row.fact_key,
    version: Number(row.version),
    service: row.service,
    pharmacyFirstElement: row.pharmacy_first_element,
    pathway: row.pathway,
    outcome: row.outcome,
    referralSource: row.referral_source,
    medicines: canonicalMedicines(row.medicines),
    ageBand: row.age_band,
    sex: row.sex,
    pharmacyOds: row.pharmacy_ods,
    practiceOds: row.practice_ods,
    consultationDate: row.consultation_date,
    sharedWithGp: row.shared_with_gp,
  };
  const delivery: DeliveryPart | null =
    row.d_result === null
      ? null
      : {
          part: 'delivery',
          factKey: row.fact_key,
          version: Number(row.version),
          result: row.d_result,
          route: row.d_route,
          code: row.d_code,
          filedAt: row.d_filed_at,
        };
  return { part, delivery, placement: { practiceOds: row.practice_ods, pcn: row.pcn, subIcb: row.sub_icb, icb: row.icb } };
}

// ---------------------------------------------------------------------------------------------
// Rollup and flow deltas

export const GRAINS = ['week', 'month'] as const;
export type Grain = (typeof GRAINS)[number];
export const bucketOf = (grain: Grain, date: string): string => (grain === 'week' ? weekStart(date) : monthStart(date));

/** One rollup row: an area's tallies in one week or month (`parent`: the ICB of a sub-ICB row, else ''). */
export interface RollupKey {
  readonly level: 'national' | 'icb' | 'sub-icb';
  readonly area: string;
  readonly grain: Grain;
  readonly bucket: string;
  readonly parent: string;
}

/** Signed changes to one rollup row: the packed counters and the maps of variable keys. */
export interface RollupDelta {
  readonly key: RollupKey;
  readonly counts: number[];
  /** Child area code -> consultations. */
  readonly children: Map<string, number>;
  /** `<dm+d code>/<unit code>` -> consultations, and -> quantity. */
  readonly medicines: Map<string, number>;
  readonly quantities: Map<string, number>;
  /** Practice -> consultations switched off. */
  readonly switchedOff: Map<string, number>;
}

/** Pharmacy -> practice consultations in a month, with the practice's placement then. */
export interface FlowKey {
  readonly month: string;
  readonly icb: string;
  readonly subIcb: string;
  readonly pcn: string;
  readonly practiceOds: string;
  readonly pharmacyOds: string;
}

const SEP = '\u0001';
const bump = (map: Map<string, number>, key: string, by: number) => map.set(key, (map.get(key) ?? 0) + by);

/** Accumulates signed changes to the rollup and flows, keyed, so a batch writes each row once. */
export class Deltas {
  readonly rollup = new Map<string, RollupDelta>();
  readonly flows = new Map<string, { key: FlowKey; n: number }>();

  add(fact: StoredFact, sign: 1 | -1): void {
    const merged = mergedOf(fact);
    const { icb, subIcb, pcn, practiceOds } = fact.placement;
    const cells = factCells(summaryOf(merged), null);
    const areas = [
      { level: 'national', area: '', parent: '', child: icb },
      { level: 'icb', area: icb, parent: '', child: subIcb },
      { level: 'sub-icb', area: subIcb, parent: icb, child: pcn },
    ] as const;
    for (const grain of GRAINS) {
      const bucket = bucketOf(grain, merged.consultationDate);
      for (const a of areas) {
        const delta = this.row({ level: a.level, area: a.area, grain, bucket, parent: a.parent });
        bump(delta.children, a.child, sign);
        for (const cell of cells) {
          if (addToCounters(delta.counts, cell, sign)) continue;
          if (cell.figure === 'md') {
            const k = `${cell.k1}/${cell.k2}`;
            bump(delta.medicines, k, sign * cell.n);
            bump(delta.quantities, k, sign * cell.m);
          } else if (cell.figure === 'so') bump(delta.switchedOff, cell.k1, sign * cell.n);
        }
      }
    }
    const flow: FlowKey = { month: bucketOf('month', merged.consultationDate), icb, subIcb, pcn, practiceOds, pharmacyOds: merged.pharmacyOds };
    const fk = [flow.month, icb, subIcb, pcn, practiceOds, flow.pharmacyOds].join(SEP);
    const f = this.flows.get(fk);
    if (f) f.n += sign;
    else this.flows.set(fk, { key: flow, n: sign });
  }

  private row(key: RollupKey): RollupDelta {
    const k = [key.level, key.area, key.grain, key.bucket, key.parent].join(SEP);
    let delta = this.rollup.get(k);
    if (!delta) {
      delta = {
        key,
        counts: new Array<number>(COUNTER_LENGTH).fill(0),
        children: new Map(),
        medicines: new Map(),
        quantities: new Map(),
        switchedOff: new Map(),
      };
      this.rollup.set(k, delta);
    }
    return delta;
  }
}
