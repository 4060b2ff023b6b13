import type { MedicineFact, OutcomeFact } from '@firstsync/outcomes-core';
import { filingBin, minutesToFiling } from './filing-time';

/**
 * What one consultation adds to the figures, as cells of a few narrow tallies. The same function
 * feeds the stored rollup (national, ICB, sub-ICB and PCN areas: deltas.ts) and the figures of the
 * scopes computed straight from the facts (practices, pharmacies), so both count by one rule.
 *
 * | figure | k1 | k2 | n | m |
 * |---|---|---|---|---|
 * | `sp` | service | pathway or '' | consultations | of which with a PGD antibiotic |
 * | `oc` | outcome | '' | consultations | 0 |
 * | `dl` | delivery result (merged: not-shared, pending, ...) | '' | consultations | 0 |
 * | `ch` | the child area's code (or `unmapped`) | '' | consultations | 0 |
 * | `so` | practice ODS | '' | consultations switched off (20010) | 0 |
 * | `fm` | 15-minute filing bin | '' | filed consultations | 0 |
 * | `md` | dm+d code | unit code | consultations (once per medicine, on its first unit) | quantity |
 */
export const FIGURES = ['sp', 'oc', 'dl', 'ch', 'so', 'fm', 'md'] as const;
export type Figure = (typeof FIGURES)[number];

export interface Cell {
  readonly figure: Figure;
  readonly k1: string;
  readonly k2: string;
  readonly n: number;
  readonly m: number;
}

/** A cell in a bucket (first day of a week or month). */
export interface BucketCell extends Cell {
  readonly bucket: string;
}

/**
 * What the figures need of one consultation (its merged fact): kept as columns of `facts` too, so
 * the smaller scopes are tallied from narrow rows by the same `factCells`.
 */
export interface FactSummary {
  readonly service: string;
  readonly pathway: string | null;
  readonly outcome: string;
  readonly result: string;
  /** The filing-time bin (src/filing-time.ts) when filed, else null. */
  readonly filingBin: number | null;
  readonly hasAntibiotic: boolean;
  readonly medicines: readonly MedicineFact[];
  readonly practiceOds: string;
}

export function summaryOf(fact: OutcomeFact): FactSummary {
  const { delivery } = fact;
  return {
    service: fact.service,
    pathway: fact.pathway,
    outcome: fact.outcome,
    result: delivery.result,
    filingBin: delivery.result === 'filed' && delivery.filedAt !== null ? filingBin(minutesToFiling(fact.consultationDate, delivery.filedAt)) : null,
    hasAntibiotic: fact.medicines.some((m) => m.antibiotic),
    medicines: fact.medicines,
    practiceOds: fact.practiceOds,
  };
}

/** The cells of one consultation; `child` is the code of the area one level below the one being counted. */
export function factCells(fact: FactSummary, child: string | null): Cell[] {
  const cells: Cell[] = [
    { figure: 'sp', k1: fact.service, k2: fact.pathway ?? '', n: 1, m: fact.hasAntibiotic ? 1 : 0 },
    { figure: 'oc', k1: fact.outcome, k2: '', n: 1, m: 0 },
    { figure: 'dl', k1: fact.result, k2: '', n: 1, m: 0 },
  ];
  if (child !== null) cells.push({ figure: 'ch', k1: child, k2: '', n: 1, m: 0 });
  if (fact.result === 'switched-off') cells.push({ figure: 'so', k1: fact.practiceOds, k2: '', n: 1, m: 0 });
  if (fact.filingBin !== null) cells.push({ figure: 'fm', k1: String(fact.filingBin), k2: '', n: 1, m: 0 });
  const counted = new Set<string>();
  for (const medicine of fact.medicines) {
    const first = !counted.has(medicine.dmdCode);
    counted.add(medicine.dmdCode);
    cells.push({ figure: 'md', k1: medicine.dmdCode, k2: medicine.quantity.unitCode, n: first ? 1 : 0, m: medicine.quantity.value });
  }
  return cells;
}
