import type { DeliveryPart } from '@firstsync/outcomes-core';
import type { SqlRunner, StreamPosition } from '@firstsync/read-store';
import type { Deltas } from './deltas';
import type { RollupCache } from './rollup-cache';
import { FACT_COLUMN_TYPES, FACT_COLUMNS, type FactRow, type FactRowValues, type StoredFact, storedFactOf } from './stored-fact';

/** What the store reads and writes in bulk (`s` is the quoted schema): unnest of column arrays, a few thousand rows a statement. */

const CHUNK = 5_000;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Column-wise arrays for unnest: one array per column. */
function columns<T>(rows: readonly T[], width: number, value: (row: T, column: number) => unknown): unknown[][] {
  return Array.from({ length: width }, (_, c) => rows.map((r) => value(r, c)));
}

export const FACT_SELECT = FACT_COLUMNS.join(', ');

export async function writeFacts(tx: SqlRunner, s: string, rows: readonly FactRowValues[]): Promise<void> {
  const names = FACT_COLUMNS.join(', ');
  const selects = FACT_COLUMNS.map((c, i) => (c === 'medicines' ? `c${i}::jsonb` : `c${i}`)).join(', ');
  const arrays = FACT_COLUMN_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  const aliases = FACT_COLUMNS.map((_, i) => `c${i}`).join(', ');
  const updates = FACT_COLUMNS.filter((c) => c !== 'fact_key')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');
  for (const chunk of chunks(rows)) {
    await tx.query(
      `INSERT INTO ${s}.facts (${names}) SELECT ${selects} FROM unnest(${arrays}) AS t(${aliases})
       ON CONFLICT (fact_key) DO UPDATE SET ${updates}`,
      columns(chunk, FACT_COLUMNS.length, (r, c) => r[c] ?? null),
    );
  }
}

export async function writeDeltas(tx: SqlRunner, s: string, deltas: Deltas, rollup: RollupCache): Promise<void> {
  for (const chunk of chunks([...deltas.rollup.values()], 2_000)) await rollup.write(tx, s, chunk);
  const flows = [...deltas.flows.values()].filter((d) => d.n !== 0);
  for (const chunk of chunks(flows)) {
    await tx.query(
      `INSERT INTO ${s}.flows (month, icb, sub_icb, pcn, practice_ods, pharmacy_ods, n)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
       ON CONFLICT (icb, month, sub_icb, pcn, practice_ods, pharmacy_ods) DO UPDATE SET n = ${s}.flows.n + EXCLUDED.n`,
      [
        chunk.map((d) => d.key.month),
        chunk.map((d) => d.key.icb),
        chunk.map((d) => d.key.subIcb),
        chunk.map((d) => d.key.pcn),
        chunk.map((d) => d.key.practiceOds),
        chunk.map((d) => d.key.pharmacyOds),
        chunk.map((d) => d.n),
      ],
    );
  }
}

export async function saveOffsets(tx: SqlRunner, s: string, positions: readonly StreamPosition[]): Promise<void> {
  for (const p of positions) {
    await tx.query(
      `INSERT INTO ${s}.stream_offsets (consumer, topic, partition, next_offset) VALUES ($1, $2, $3, $4::bigint)
       ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = GREATEST(${s}.stream_offsets.next_offset, EXCLUDED.next_offset)`,
      [p.consumer, p.topic, p.partition, p.nextOffset],
    );
  }
}

/** The stored facts and the pending delivery parts of these fact keys. */
export async function readStored(
  tx: SqlRunner,
  s: string,
  keys: readonly string[],
): Promise<{ stored: Map<string, StoredFact>; pending: Map<string, DeliveryPart> }> {
  const stored = new Map<string, StoredFact>();
  const pending = new Map<string, DeliveryPart>();
  for (const chunk of chunks(keys)) {
    for (const row of await tx.query<FactRow>(`SELECT ${FACT_SELECT} FROM ${s}.facts WHERE fact_key = ANY($1::text[])`, [chunk])) {
      stored.set(row.fact_key, storedFactOf(row));
    }
    const rows = await tx.query<{
      fact_key: string;
      version: number;
      result: DeliveryPart['result'];
      route: DeliveryPart['route'];
      code: string | null;
      filed_at: string | null;
    }>(`SELECT fact_key, version, result, route, code, filed_at FROM ${s}.pending_deliveries WHERE fact_key = ANY($1::text[])`, [chunk]);
    for (const r of rows) {
      const part: DeliveryPart = {
        part: 'delivery',
        factKey: r.fact_key,
        version: Number(r.version),
        result: r.result,
        route: r.route,
        code: r.code,
        filedAt: r.filed_at,
      };
      pending.set(`${r.fact_key}/${r.version}`, part);
    }
  }
  return { stored, pending };
}

/** Keeps delivery parts whose consultation part (of their version) is not stored yet, and forgets those merged now. */
export async function writePending(
  tx: SqlRunner,
  s: string,
  keep: readonly DeliveryPart[],
  merged: readonly { factKey: string; version: number }[],
): Promise<void> {
  for (const chunk of chunks(keep)) {
    await tx.query(
      `INSERT INTO ${s}.pending_deliveries (fact_key, version, result, route, code, filed_at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (fact_key, version) DO UPDATE SET result = EXCLUDED.result, route = EXCLUDED.route, code = EXCLUDED.code, filed_at = EXCLUDED.filed_at`,
      [
        chunk.map((d) => d.factKey),
        chunk.map((d) => d.version),
        chunk.map((d) => d.result),
        chunk.map((d) => d.route),
        chunk.map((d) => d.code),
        chunk.map((d) => d.filedAt),
      ],
    );
  }
  for (const chunk of chunks(merged)) {
    await tx.query(`DELETE FROM ${s}.pending_deliveries p USING unnest($1::text[], $2::int[]) AS u(k, v) WHERE p.fact_key = u.k AND p.version = u.v`, [
      chunk.map((u) => u.factKey),
      chunk.map((u) => u.version),
    ]);
  }
}
