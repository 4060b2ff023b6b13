import { outcomes as OUTCOMES, pharmacyFirstPathways, services as SERVICES } from '@firstsync/contracts';
import { DELIVERY_RESULTS } from '@firstsync/outcomes-core';
import type { Cell } from './cells';
import { FILING_BINS } from './filing-time';

/**
 * The fixed-vocabulary cells (`sp`, `oc`, `dl`, `fm`) of one rollup row packed into one array of
 * counts, so a row per area and week or month holds them all and a batch of facts updates each row
 * once. Layout: for every service x (pathway or none): consultations, then with an antibiotic;
 * every outcome; every delivery result; every filing bin. The variable ones (children, medicines,
 * practices switched off) travel as maps beside it.
 */
const PATHWAY_SLOTS = ['', ...pharmacyFirstPathways] as const;
const SP_BASE = 0;
const SP_SLOTS = SERVICES.length * PATHWAY_SLOTS.length;
const OC_BASE = SP_BASE + 2 * SP_SLOTS;
const DL_BASE = OC_BASE + OUTCOMES.length;
const FM_BASE = DL_BASE + DELIVERY_RESULTS.length;
export const COUNTER_LENGTH = FM_BASE + FILING_BINS;

const serviceIndex = new Map<string, number>(SERVICES.map((s, i) => [s, i]));
const pathwayIndex = new Map<string, number>(PATHWAY_SLOTS.map((p, i) => [p, i]));
const outcomeIndex = new Map<string, number>(OUTCOMES.map((o, i) => [o, i]));
const resultIndex = new Map<string, number>(DELIVERY_RESULTS.map((r, i) => [r, i]));

/** Adds a fixed-vocabulary cell to `counts` (times `sign`); false for a cell that is not one (or an unknown code). */
export function addToCounters(counts: number[], cell: Cell, sign: number): boolean {
  const index = (() => {
    if (cell.figure === 'sp') {
      const s = serviceIndex.get(cell.k1);
      const p = pathwayIndex.get(cell.k2);
      return s === undefined || p === undefined ? undefined : SP_BASE + 2 * (s * PATHWAY_SLOTS.length + p);
    }
    if (cell.figure === 'oc') return mapIndex(outcomeIndex, cell.k1, OC_BASE);
    if (cell.figure === 'dl') return mapIndex(resultIndex, cell.k1, DL_BASE);
    if (cell.figure === 'fm') {
      const bin = Number(cell.k1);
      return Number.isInteger(bin) && bin >= 0 && bin < FILING_BINS ? FM_BASE + bin : undefined;
    }
    return undefined;
  })();
  if (index === undefined) return false;
  counts[index] = (counts[index] ?? 0) + sign * cell.n;
  if (cell.figure === 'sp') counts[index + 1] = (counts[index + 1] ?? 0) + sign * cell.m;
  return true;
}

function mapIndex(map: ReadonlyMap<string, number>, key: string, base: number): number | undefined {
  const i = map.get(key);
  return i === undefined ? undefined : base + i;
}

/** The cells an array of counts stands for (zeros left out). */
export function cellsOfCounters(counts: readonly number[]): Cell[] {
  const cells: Cell[] = [];
  SERVICES.forEach((service, s) => {
    PATHWAY_SLOTS.forEach((pathway, p) => {
      const i = SP_BASE + 2 * (s * PATHWAY_SLOTS.length + p);
      const n = counts[i] ?? 0;
      const m = counts[i + 1] ?? 0;
      if (n !== 0 || m !== 0) cells.push({ figure: 'sp', k1: service, k2: pathway, n, m });
    });
  });
  OUTCOMES.forEach((outcome, i) => {
    const n = counts[OC_BASE + i] ?? 0;
    if (n !== 0) cells.push({ figure: 'oc', k1: outcome, k2: '', n, m: 0 });
  });
  DELIVERY_RESULTS.forEach((result, i) => {
    const n = counts[DL_BASE + i] ?? 0;
    if (n !== 0) cells.push({ figure: 'dl', k1: result, k2: '', n, m: 0 });
  });
  for (let bin = 0; bin < FILING_BINS; bin += 1) {
    const n = counts[FM_BASE + bin] ?? 0;
    if (n !== 0) cells.push({ figure: 'fm', k1: String(bin), k2: '', n, m: 0 });
  }
  return cells;
}
