import type { SqlRunner } from '@firstsync/read-store';
import { Deltas, ROLLUP_LEVELS, type RollupLevel } from './deltas';
import type { RollupCache } from './rollup-cache';
import { chunks, FACT_SELECT, writeDeltas } from './sql-writes';
import { type FactRow, storedFactOf } from './stored-fact';

const isRollupLevel = (level: string): level is RollupLevel => (ROLLUP_LEVELS as readonly string[]).includes(level);

/**
 * Rebuilds the rollup levels `rollup_rebuilds` names (migrations.ts version 2: the PCN rows of facts
 * absorbed before it) from the facts, and clears the list. The caller holds the writers' lock, so
 * the facts and the rollup move together; a level listed twice, or by another instance that got
 * the lock first, is rebuilt once. The facts are read a few PCNs at a time (their rows are then
 * written once each). Returns the levels rebuilt.
 */
export async function rebuildRollupLevels(tx: SqlRunner, s: string, rollup: RollupCache): Promise<RollupLevel[]> {
  const levels = (await tx.query<{ level: string }>(`SELECT level FROM ${s}.rollup_rebuilds`)).map((r) => r.level).filter(isRollupLevel);
  if (levels.length > 0) {
    await tx.query(`DELETE FROM ${s}.rollup WHERE level = ANY($1::text[])`, [levels]);
    rollup.clear();
    const pcns = (await tx.query<{ pcn: string }>(`SELECT DISTINCT pcn FROM ${s}.facts`)).map((r) => r.pcn);
    for (const group of chunks(pcns, 10)) {
      const deltas = new Deltas();
      for (const row of await tx.query<FactRow>(`SELECT ${FACT_SELECT} FROM ${s}.facts WHERE pcn = ANY($1::text[])`, [group])) {
        deltas.addRollup(storedFactOf(row), 1, levels);
      }
      await writeDeltas(tx, s, deltas, rollup);
    }
  }
  await tx.query(`DELETE FROM ${s}.rollup_rebuilds`);
  return levels;
}
