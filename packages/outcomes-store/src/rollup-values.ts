/** A rollup row's values (migrations.ts) in this process: read back, added to, written out. Pure. */
import type { RollupDelta, RollupValues } from './deltas';

/** A jsonb map of counts (or quantities) as stored and read back. */
export type Tally = Record<string, number | string>;

/** A rollup row's values as this process holds them while adding to them (`stored`: the row is in the database). */
export interface LiveRow extends RollupValues {
  stored: boolean;
}

/** A rollup row as read back. */
export interface StoredRow {
  level: string;
  area: string;
  grain: string;
  bucket: string;
  parent: string;
  counts: (number | string)[];
  children: Tally;
  medicines: Tally;
  quantities: Tally;
  switched_off: Tally;
  flows: Tally;
}

export const emptyRow = (): LiveRow => ({
  stored: false,
  counts: [],
  children: new Map(),
  medicines: new Map(),
  quantities: new Map(),
  switchedOff: new Map(),
  flows: new Map(),
});
const mapOf = (tally: Tally): Map<string, number> => new Map(Object.entries(tally).map(([k, v]) => [k, Number(v)]));
export const liveRowOf = (row: StoredRow): LiveRow => ({
  stored: true,
  counts: row.counts.map(Number),
  children: mapOf(row.children),
  medicines: mapOf(row.medicines),
  quantities: mapOf(row.quantities),
  switchedOff: mapOf(row.switched_off),
  flows: mapOf(row.flows),
});

// Quantities are decimals summed in floating point: kept to a millionth, so an amendment taking a
// quantity out leaves an exact 0 (dropped), not 1e-17.
const tidy = (n: number): number => Math.round(n * 1e6) / 1e6;

function addToMap(map: Map<string, number>, delta: ReadonlyMap<string, number>): void {
  for (const [k, v] of delta) {
    const n = tidy((map.get(k) ?? 0) + v);
    if (n === 0) map.delete(k);
    else map.set(k, n);
  }
}

/** Adds a delta to a row in place: counters one by one, map keys one by one (a key reaching 0 is dropped). */
export function addDelta(row: LiveRow, delta: RollupDelta): void {
  const { counts } = delta;
  for (let i = 0; i < counts.length; i += 1) {
    const v = counts[i] ?? 0;
    if (v === 0) continue;
    while (row.counts.length <= i) row.counts.push(0);
    row.counts[i] = (row.counts[i] ?? 0) + v;
  }
  addToMap(row.children, delta.children);
  addToMap(row.medicines, delta.medicines);
  addToMap(row.quantities, delta.quantities);
  addToMap(row.switchedOff, delta.switchedOff);
  addToMap(row.flows, delta.flows);
}

/** A map as jsonb text, written out directly (a PCN row's maps are written every batch: no intermediate object). */
export function mapJson(map: ReadonlyMap<string, number>): string {
  let out = '';
  for (const [k, v] of map) out += `${out === '' ? '' : ','}${JSON.stringify(k)}:${v}`;
  return `{${out}}`;
}

/** The counters as stored: trailing zeros left off (the filing bins past two days are nearly always 0; readers take a missing counter for 0). */
export function countsText(counts: readonly number[]): string {
  let end = counts.length;
  while (end > 0 && counts[end - 1] === 0) end -= 1;
  return `{${counts.slice(0, end).join(',')}}`;
}
