import type { ReferenceSet } from '@firstsync/outcomes-core';
import { diffReferenceSets } from '@firstsync/outcomes-core';
import { type SqlDatabase, type SqlRunner, type StreamPosition, schemaIdentifier } from '@firstsync/read-store';
import { collapseBatch, planAbsorb } from './absorb-plan';
import { assembleFigures } from './assemble';
import { Deltas } from './deltas';
import { addDays, parsePeriod, previousPeriod } from './period';
import type {
  AbsorbResult,
  FiguresOptions,
  OutcomeFactRecord,
  OutcomeFigures,
  OutcomesStore,
  Period,
  ReferenceLoadResult,
  ReferenceMeta,
  ReferenceStatus,
  Scope,
} from './port';
import { practicesToReplace, type ReferenceView, referenceView } from './reference';
import { readReferenceSet, writeReferenceSet } from './reference-tables';
import { RollupCache } from './rollup-cache';
import { rebuildRollupLevels } from './rollup-rebuild';
import { CHILD_LEVEL, FACT_COLUMN_OF, figuresFromFacts, figuresFromRollup, rollupArea } from './sql-figures';
import { chunks, FACT_SELECT, readStored, saveOffsets, writeDeltas, writeFacts, writePending } from './sql-writes';
import { type FactRow, type FactRowValues, factRowValues, storedFactOf } from './stored-fact';

const EMPTY_SET: ReferenceSet = { memberships: [], practices: [] };

function checkedPeriod(period: Period): Period {
  const parsed = parsePeriod(period);
  if ('error' in parsed) throw new RangeError(`outcomes period: ${parsed.error}`);
  return parsed;
}

interface OffsetRow {
  topic: string;
  partition: number;
  next_offset: string;
}

/** The outcomes store on a SQL database (PGlite or PostgreSQL) whose schema `schema` is migrated. */
export function sqlOutcomesStore(db: SqlDatabase, schema: string): OutcomesStore {
  const s = schemaIdentifier(schema);
  const lockName = `firstsync-outcomes:${schema}`;
  let cached: { generation: number; view: ReferenceView } | undefined;
  const rollup = new RollupCache();

  /** The reference set in force (reloaded when another instance loaded a newer one). */
  async function reference(tx: SqlRunner): Promise<{ generation: number; view: ReferenceView }> {
    const [row] = await tx.query<{ generation: number | null }>(`SELECT max(generation) AS generation FROM ${s}.ref_loads`);
    const generation = Number(row?.generation ?? 0);
    if (cached?.generation === generation) return cached;
    const set = generation === 0 ? EMPTY_SET : await readReferenceSet(tx, s);
    cached = { generation, view: referenceView(set) };
    return cached;
  }

  /** Writers (absorb, reference loads) take turns across every instance: each computes its changes from what the last one stored. */
  const lock = (tx: SqlRunner) => tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockName]);

  /**
   * Before the first read or write of this instance: the rollup levels a migration asked to be
   * rebuilt from the facts (migrations.ts version 2), once, under the writers' lock. A store
   * without them costs one query per process.
   */
  let rebuilt: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    rebuilt ??= (async () => {
      const [asked] = await db.query(`SELECT 1 FROM ${s}.rollup_rebuilds LIMIT 1`);
      if (asked === undefined) return;
      await db.transaction(async (tx) => {
        await lock(tx);
        await rebuildRollupLevels(tx, s, rollup);
      });
    })().catch((err: unknown) => {
      rebuilt = undefined;
      throw err;
    });
    return rebuilt;
  };

  async function absorb(records: readonly OutcomeFactRecord[], positions: readonly StreamPosition[]): Promise<AbsorbResult> {
    const batch = collapseBatch(records);
    await ready();
    return db.transaction(async (tx) => {
      await lock(tx);
      const { view } = await reference(tx);
      const { stored, pending } = await readStored(tx, s, batch.keys);
      const plan = planAbsorb(batch, stored, pending, view.resolver);
      await writePending(tx, s, plan.pend, plan.unpend);
      await writeFacts(tx, s, plan.factRows);
      await writeDeltas(tx, s, plan.deltas, rollup);
      await saveOffsets(tx, s, positions);
      return { consultations: plan.consultations, deliveries: plan.deliveries, unchanged: records.length - plan.consultations - plan.deliveries };
    });
  }

  async function status(tx: SqlRunner): Promise<ReferenceStatus | null> {
    const [row] = await tx.query<{
      generation: number;
      source: string;
      loaded_at: string;
      practices: number;
      pcns: number;
      sub_icbs: number;
      icbs: number;
      memberships: number;
    }>(`SELECT generation, source, loaded_at, practices, pcns, sub_icbs, icbs, memberships FROM ${s}.ref_loads ORDER BY generation DESC LIMIT 1`);
    if (!row) return null;
    return {
      generation: Number(row.generation),
      source: row.source,
      loadedAt: row.loaded_at,
      practices: Number(row.practices),
      pcns: Number(row.pcns),
      subIcbs: Number(row.sub_icbs),
      icbs: Number(row.icbs),
      memberships: Number(row.memberships),
    };
  }

  async function loadReference(set: ReferenceSet, meta: ReferenceMeta): Promise<ReferenceLoadResult> {
    await ready();
    const loaded = await db.transaction(async (tx) => {
      await lock(tx);
      const before = await reference(tx);
      const diff = diffReferenceSets(before.view.set, set, meta.asOf);
      const replace = practicesToReplace(before.view.set, set);
      await writeReferenceSet(tx, s, set);
      const practices = new Set([...set.practices.map((p) => p.practiceOds), ...set.memberships.map((m) => m.practiceOds)]);
      const subIcbs = new Set([...set.practices.flatMap((p) => (p.subIcbCode ? [p.subIcbCode] : [])), ...set.memberships.map((m) => m.practiceSubIcbCode)]);
      await tx.query(
        `INSERT INTO ${s}.ref_loads (generation, source, loaded_at, practices, pcns, sub_icbs, icbs, memberships) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          before.generation + 1,
          meta.source,
          meta.loadedAt,
          practices.size,
          new Set(set.memberships.map((m) => m.pcnCode)).size,
          subIcbs.size,
          new Set(set.practices.flatMap((p) => (p.icbCode ? [p.icbCode] : []))).size,
          set.memberships.length,
        ],
      );
      const view = referenceView(set);
      // Re-place the consultations of practices whose reference rows changed, a few hundred practices at a time.
      let factsReplaced = 0;
      for (const group of chunks(replace, 200)) {
        const deltas = new Deltas();
        const rows: FactRowValues[] = [];
        for (const row of await tx.query<FactRow>(`SELECT ${FACT_SELECT} FROM ${s}.facts WHERE practice_ods = ANY($1::text[])`, [group])) {
          const old = storedFactOf(row);
          const placement = view.resolver.whereWas(old.part.practiceOds, old.part.consultationDate);
          if (placement.pcn === old.placement.pcn && placement.subIcb === old.placement.subIcb && placement.icb === old.placement.icb) continue;
          const next = { ...old, placement };
          deltas.add(old, -1);
          deltas.add(next, 1);
          rows.push(factRowValues(next));
        }
        factsReplaced += rows.length;
        await writeFacts(tx, s, rows);
        await writeDeltas(tx, s, deltas, rollup);
      }
      if (factsReplaced > 0) await tx.query(`DELETE FROM ${s}.flows WHERE n = 0`);
      const loaded = await status(tx);
      if (!loaded) throw new Error('outcomes store: the reference load was not recorded');
      return { result: { status: loaded, diff, factsReplaced }, generation: before.generation + 1, view };
    });
    // Cached only once committed (a rolled-back load must not be mistaken for another instance's of the same generation).
    cached = { generation: loaded.generation, view: loaded.view };
    return loaded.result;
  }

  async function figures(scope: Scope, requested: Period, options: FiguresOptions = {}): Promise<OutcomeFigures> {
    const period = checkedPeriod(requested);
    const previous = previousPeriod(period);
    await ready();
    const { view } = await reference(db);
    const area = rollupArea(scope, options.within);
    const tallies = area ? await figuresFromRollup(db, s, area, period, previous) : await figuresFromFacts(db, s, scope, options.within, period, previous);
    return assembleFigures({
      scope,
      name: scope.level === 'national' ? view.nameOf('national', '') : view.nameOf(scope.level, scope.code),
      parents: view.parentsOf(scope, addDays(period.to, -1)),
      period,
      previousPeriod: previous,
      current: tallies.current,
      previous: tallies.before,
      flows: tallies.flows,
      childLevel: CHILD_LEVEL[scope.level],
      nameOf: view.nameOf,
    });
  }

  async function scopeWithin(scope: Scope, ancestor: Scope, requested: Period): Promise<boolean> {
    const period = checkedPeriod(requested);
    if (scope.level === 'pharmacy' && ancestor.level !== 'national' && ancestor.level !== 'pharmacy') {
      const rows = await db.query(
        `SELECT 1 FROM ${s}.facts WHERE pharmacy_ods = $1 AND consultation_date >= $2 AND consultation_date < $3 AND ${FACT_COLUMN_OF[ancestor.level]} = $4 LIMIT 1`,
        [scope.code, period.from, period.to, ancestor.code],
      );
      return rows.length > 0;
    }
    const { view } = await reference(db);
    return view.within(scope, ancestor, period);
  }

  return {
    absorb,
    async offsets(consumer) {
      const rows = await db.query<OffsetRow>(
        `SELECT topic, partition, next_offset::text AS next_offset FROM ${s}.stream_offsets WHERE consumer = $1 ORDER BY topic COLLATE "C", partition`,
        [consumer],
      );
      return rows.map((r) => ({ consumer, topic: r.topic, partition: Number(r.partition), nextOffset: r.next_offset }));
    },
    figures,
    scopeWithin,
    loadReference,
    referenceStatus: () => status(db),
    async scopeName(scope) {
      const { view } = await reference(db);
      return scope.level === 'national' ? view.nameOf('national', '') : view.nameOf(scope.level, scope.code);
    },
    close: () => db.close(),
  };
}
