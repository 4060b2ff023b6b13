import type { ConsultationPart, DeliveryPart, MedicineFact, OutcomeFact, Placement } from '@firstsync/outcomes-core';
import { mergeFact } from '@firstsync/outcomes-core';
import { summaryOf } from './cells';

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
