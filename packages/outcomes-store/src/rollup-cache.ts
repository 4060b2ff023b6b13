import { randomUUID } from 'node:crypto';
import type { SqlRunner } from '@firstsync/read-store';
import type { RollupDelta } from './deltas';
import { addDelta, countsText, emptyRow, type LiveRow, liveRowOf, mapJson, type StoredRow } from './rollup-values';

const SEP = '\u0001';
const keyOf = (k: { level: string; area: string; grain: string; bucket: string; parent: string }) => [k.level, k.area, k.grain, k.bucket, k.parent].join(SEP);

/**
 * The rollup rows this process wrote last, so a batch adds to them without reading them back: a
 * batch at national scale touches a row per PCN (about 1,300 rows), and reading each back cost as
 * much as writing it. Valid only while the last rollup write in the database was this cache's:
 * each write leaves a fresh token in `rollup_writer`, and a writer finding another token (another
 * instance wrote since, or this one's transaction rolled back) starts afresh. At most `limit` rows
 * (the least recently written go first), a few KB each.
 */
export class RollupCache {
  private readonly rows = new Map<string, LiveRow>();
  private token: string | null = null;

  constructor(private readonly limit = 3_000) {}

  clear(): void {
    this.rows.clear();
    this.token = null;
  }

  /** Adds deltas to their rows and writes the rows (updated or new). Only under the writers' lock (sql-store.ts), which is why an update or insert cannot meet another writer's. */
  async write(tx: SqlRunner, s: string, deltas: readonly RollupDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    const [writer] = await tx.query<{ token: string }>(`SELECT token FROM ${s}.rollup_writer`);
    if (this.token === null || writer?.token !== this.token) this.rows.clear();
    const missing = deltas.filter((d) => !this.rows.has(keyOf(d.key)));
    if (missing.length > 0) {
      for (const d of missing) this.rows.set(keyOf(d.key), emptyRow());
      const stored = await tx.query<StoredRow>(
        `SELECT r.level, r.area, r.grain, r.bucket, r.parent, r.counts, r.children, r.medicines, r.quantities, r.switched_off, r.flows
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS k(l, a, g, b, p)
         JOIN ${s}.rollup r ON r.level = k.l AND r.area = k.a AND r.grain = k.g AND r.bucket = k.b AND r.parent = k.p`,
        [
          missing.map((d) => d.key.level),
          missing.map((d) => d.key.area),
          missing.map((d) => d.key.grain),
          missing.map((d) => d.key.bucket),
          missing.map((d) => d.key.parent),
        ],
      );
      for (const row of stored) this.rows.set(keyOf(row), liveRowOf(row));
    }
    // Invalid until the writes below are in: a failure in between leaves the next write starting afresh.
    this.token = null;
    const token = randomUUID();
    const touched = deltas.map((d) => {
      const key = keyOf(d.key);
      const row = this.rows.get(key) ?? emptyRow();
      const wasStored = row.stored;
      addDelta(row, d);
      row.stored = true;
      // Most recently written last: the first ones are evicted.
      this.rows.delete(key);
      this.rows.set(key, row);
      return { delta: d, row, wasStored };
    });
    const columns = (list: typeof touched, all: boolean) => {
      // A map the batch did not change travels as NULL and stays as stored: neither written out here nor parsed there.
      const map = (pick: (row: LiveRow | RollupDelta) => ReadonlyMap<string, number>) =>
        list.map((t) => (all || pick(t.delta).size > 0 ? mapJson(pick(t.row)) : null));
      return [
        list.map((t) => t.delta.key.level),
        list.map((t) => t.delta.key.area),
        list.map((t) => t.delta.key.grain),
        list.map((t) => t.delta.key.bucket),
        list.map((t) => t.delta.key.parent),
        list.map((t) => countsText(t.row.counts)),
        map((r) => r.children),
        map((r) => r.medicines),
        map((r) => r.quantities),
        map((r) => r.switchedOff),
        map((r) => r.flows),
      ];
    };
    const source = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
      AS t(l, a, g, b, p, c, ch, md, q, so, fl)`;
    const updates = touched.filter((t) => t.wasStored);
    const inserts = touched.filter((t) => !t.wasStored);
    if (updates.length > 0) {
      await tx.query(
        `UPDATE ${s}.rollup r SET counts = t.c::integer[], children = coalesce(t.ch::jsonb, r.children), medicines = coalesce(t.md::jsonb, r.medicines),
           quantities = coalesce(t.q::jsonb, r.quantities), switched_off = coalesce(t.so::jsonb, r.switched_off), flows = coalesce(t.fl::jsonb, r.flows)
         FROM ${source} WHERE r.level = t.l AND r.area = t.a AND r.grain = t.g AND r.bucket = t.b AND r.parent = t.p`,
        columns(updates, false),
      );
    }
    if (inserts.length > 0) {
      await tx.query(
        `INSERT INTO ${s}.rollup (level, area, grain, bucket, parent, counts, children, medicines, quantities, switched_off, flows)
         SELECT l, a, g, b, p, c::integer[], ch::jsonb, md::jsonb, q::jsonb, so::jsonb, fl::jsonb FROM ${source}`,
        columns(inserts, true),
      );
    }
    for (const key of this.rows.keys()) {
      if (this.rows.size <= this.limit) break;
      this.rows.delete(key);
    }
    await tx.query(`UPDATE ${s}.rollup_writer SET token = $1`, [token]);
    // Should the transaction still roll back, the database keeps the token before, and the next write starts afresh.
    this.token = token;
  }
}
