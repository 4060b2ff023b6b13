import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import type { EventTags, PracticeTally, Range, ReadStore, ReadStoreTx, StreamPosition, TaggedEvent, ViewQuery, ViewRow } from './port';
import { type SqlDatabase, type SqlRunner, schemaIdentifier } from './sql';
import { sqlSessionRepository } from './sql-sessions';

interface Where {
  sql: string;
  params: unknown[];
}

function whereOf(query: ViewQuery): Where {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.states && query.states.length > 0) clauses.push(`state = ANY(${bind([...query.states])}::text[])`);
  if (query.pharmacyOds) clauses.push(`pharmacy_ods = ${bind(query.pharmacyOds)}`);
  if (query.practiceOds) clauses.push(`practice_ods = ${bind(query.practiceOds)}`);
  if (query.service) clauses.push(`service = ${bind(query.service)}`);
  if (query.fromMs !== undefined) clauses.push(`seen_ms >= ${bind(query.fromMs)}`);
  if (query.toMs !== undefined) clauses.push(`seen_ms < ${bind(query.toMs)}`);
  // left() rather than LIKE: the prefix is operator input and must not act as a pattern.
  if (query.idPrefix) clauses.push(`left(consultation_id, ${bind(query.idPrefix.length)}) = ${bind(query.idPrefix)}`);
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const json = (value: unknown) => JSON.stringify(value);

function writes<View extends object>(tx: SqlRunner, s: string): ReadStoreTx<View> {
  return {
    async lockConsultations(consultationIds) {
      if (consultationIds.length === 0) return;
      // In key order, one statement: writers of overlapping sets queue instead of deadlocking.
      await tx.query(
        `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext('consultation:' || id) AS k FROM unnest($1::text[]) AS id ORDER BY k) AS keys`,
        [[...consultationIds]],
      );
    },
    async insertEvent(event: PipelineEvent, tags: EventTags) {
      const rows = await tx.query(
        `INSERT INTO ${s}.events (event_id, consultation_id, practice_ods, command_id, at_ms, practice_signal, audit, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [
          event.eventId,
          event.consultationId ?? null,
          event.practiceOds ?? null,
          tags.commandId ?? null,
          Date.parse(event.at),
          tags.practiceSignal,
          tags.audit,
          json(event),
        ],
      );
      return rows.length > 0;
    },
    async insertEvents(events: readonly TaggedEvent[]) {
      if (events.length === 0) return [];
      // In eventId order: concurrent writers of overlapping batches (several instances projecting one
      // topic) then take the unique index's row locks in one order, so they cannot deadlock.
      const sorted = [...events].sort((a, b) => (a.event.eventId < b.event.eventId ? -1 : a.event.eventId > b.event.eventId ? 1 : 0));
      // One array per column, unnested into rows: one statement whatever the batch size. DO NOTHING
      // also skips an eventId repeated within the batch.
      const rows = await tx.query<{ event_id: string }>(
        `INSERT INTO ${s}.events (event_id, consultation_id, practice_ods, command_id, at_ms, practice_signal, audit, body)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::boolean[], $7::boolean[], $8::jsonb[])
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [
          sorted.map(({ event }) => event.eventId),
          sorted.map(({ event }) => event.consultationId ?? null),
          sorted.map(({ event }) => event.practiceOds ?? null),
          sorted.map(({ tags }) => tags.commandId ?? null),
          sorted.map(({ event }) => Date.parse(event.at)),
          sorted.map(({ tags }) => tags.practiceSignal),
          sorted.map(({ tags }) => tags.audit),
          sorted.map(({ event }) => json(event)),
        ],
      );
      return rows.map((r) => r.event_id);
    },
    async timelines(consultationIds) {
      const timelines = new Map<string, PipelineEvent[]>(consultationIds.map((id) => [id, []]));
      if (consultationIds.length === 0) return timelines;
      const rows = await tx.query<{ consultation_id: string; body: PipelineEvent }>(
        `SELECT consultation_id, body FROM ${s}.events WHERE consultation_id = ANY($1::text[])`,
        [[...consultationIds]],
      );
      for (const r of rows) timelines.get(r.consultation_id)?.push(r.body);
      return timelines;
    },
    async putViews(rows: readonly ViewRow<View>[]) {
      if (rows.length === 0) return;
      // In id order, so concurrent writers take the rows' locks in one order.
      const sorted = [...rows].sort((a, b) => (a.consultationId < b.consultationId ? -1 : a.consultationId > b.consultationId ? 1 : 0));
      await tx.query(
        `INSERT INTO ${s}.consultations (consultation_id, state, practice_ods, pharmacy_ods, service, seen_ms, last_event_ms, received_ms, delivered_ms, delivered_at, view)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[], $11::jsonb[])
         ON CONFLICT (consultation_id) DO UPDATE SET state = EXCLUDED.state, practice_ods = EXCLUDED.practice_ods, pharmacy_ods = EXCLUDED.pharmacy_ods,
           service = EXCLUDED.service, seen_ms = EXCLUDED.seen_ms, last_event_ms = EXCLUDED.last_event_ms, received_ms = EXCLUDED.received_ms,
           delivered_ms = EXCLUDED.delivered_ms, delivered_at = EXCLUDED.delivered_at, view = EXCLUDED.view`,
        [
          sorted.map((row) => row.consultationId),
          sorted.map((row) => row.state),
          sorted.map((row) => row.practiceOds ?? null),
          sorted.map((row) => row.pharmacyOds ?? null),
          sorted.map((row) => row.service ?? null),
          sorted.map((row) => row.seenMs),
          sorted.map((row) => row.lastEventMs),
          sorted.map((row) => row.receivedMs ?? null),
          sorted.map((row) => row.deliveredMs ?? null),
          sorted.map((row) => row.deliveredAt ?? null),
          sorted.map((row) => json(row.view)),
        ],
      );
    },
    async insertCommand(command: OpsCommand) {
      const rows = await tx.query(
        `INSERT INTO ${s}.commands (command_id, at_ms, body) VALUES ($1, $2, $3::jsonb) ON CONFLICT (command_id) DO NOTHING RETURNING command_id`,
        [command.commandId, Date.parse(command.requestedAt), json(command)],
      );
      return rows.length > 0;
    },
    async saveOffset(position: StreamPosition) {
      await tx.query(
        `INSERT INTO ${s}.stream_offsets (consumer, topic, partition, next_offset) VALUES ($1, $2, $3, $4::bigint)
         ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = GREATEST(${s}.stream_offsets.next_offset, EXCLUDED.next_offset)`,
        [position.consumer, position.topic, position.partition, position.nextOffset],
      );
    },
  };
}

async function timelineOf(db: SqlRunner, s: string, consultationId: string): Promise<PipelineEvent[]> {
  const rows = await db.query<{ body: PipelineEvent }>(`SELECT body FROM ${s}.events WHERE consultation_id = $1`, [consultationId]);
  return rows.map((r) => r.body);
}

// Ties are broken by id in code-unit order (COLLATE "C"), as JavaScript's `<` compares strings,
// whatever collation the database was created with.

/**
 * The read store over any PostgreSQL-compatible connection. All tables live in one schema, so a
 * server can hold several stores (one per test, or per environment) side by side.
 */
export function sqlReadStore<View extends object>(db: SqlDatabase, schema: string): ReadStore<View> {
  const s = schemaIdentifier(schema);
  return {
    transaction: (fn) => db.transaction((tx) => fn(writes<View>(tx, s))),
    async view(consultationId) {
      const rows = await db.query<{ view: View }>(`SELECT view FROM ${s}.consultations WHERE consultation_id = $1`, [consultationId]);
      return rows[0]?.view;
    },
    timeline: (consultationId) => timelineOf(db, s, consultationId),
    async views(query: ViewQuery, range: Range) {
      const where = whereOf(query);
      const n = where.params.length;
      const rows = await db.query<{ view: View }>(
        `SELECT view FROM ${s}.consultations ${where.sql} ORDER BY last_event_ms DESC, consultation_id COLLATE "C" ASC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...where.params, range.limit, range.offset],
      );
      return rows.map((r) => r.view);
    },
    async countViews(query: ViewQuery) {
      const where = whereOf(query);
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.consultations ${where.sql}`, where.params);
      return Number(rows[0]?.n ?? 0);
    },
    async viewsActiveBetween(fromMs, toMs) {
      const rows = await db.query<{ view: View }>(
        `SELECT view FROM ${s}.consultations WHERE (received_ms >= $1 AND received_ms < $2) OR (delivered_ms >= $1 AND delivered_ms < $2)`,
        [fromMs, toMs],
      );
      return rows.map((r) => r.view);
    },
    async allConsultations() {
      const views = await db.query<{ id: string; view: View }>(
        `SELECT consultation_id AS id, view FROM ${s}.consultations ORDER BY consultation_id COLLATE "C"`,
      );
      const events = await db.query<{ id: string; body: PipelineEvent }>(
        `SELECT consultation_id AS id, body FROM ${s}.events WHERE consultation_id IS NOT NULL`,
      );
      const byId = new Map<string, PipelineEvent[]>();
      for (const { id, body } of events) byId.set(id, [...(byId.get(id) ?? []), body]);
      return views.map(({ id, view }) => ({ view, timeline: byId.get(id) ?? [] }));
    },
    async stateCounts() {
      const rows = await db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM ${s}.consultations GROUP BY state`);
      return new Map(rows.map((r) => [r.state, Number(r.n)]));
    },
    async practiceTallies() {
      const rows = await db.query<{ practice_ods: string; state: string; n: number; last_delivered_at: string | null }>(
        `SELECT practice_ods, state, count(*)::int AS n,
                (array_agg(delivered_at ORDER BY delivered_ms DESC) FILTER (WHERE delivered_ms IS NOT NULL))[1] AS last_delivered_at
         FROM ${s}.consultations WHERE practice_ods IS NOT NULL GROUP BY practice_ods, state`,
      );
      return rows.map((r) => {
        const tally: PracticeTally = { practiceOds: r.practice_ods, state: r.state, count: Number(r.n) };
        if (r.last_delivered_at !== null) tally.lastDeliveredAt = r.last_delivered_at;
        return tally;
      });
    },
    async practiceSignals() {
      const rows = await db.query<{ body: PipelineEvent }>(`SELECT body FROM ${s}.events WHERE practice_signal`);
      return rows.map((r) => r.body);
    },
    async auditEvents(limit) {
      const rows = await db.query<{ body: PipelineEvent }>(`SELECT body FROM ${s}.events WHERE audit ORDER BY at_ms DESC, event_id COLLATE "C" ASC LIMIT $1`, [
        limit,
      ]);
      return rows.map((r) => r.body);
    },
    async commands(limit) {
      const rows = await db.query<{ body: OpsCommand }>(`SELECT body FROM ${s}.commands ORDER BY at_ms DESC, command_id COLLATE "C" ASC LIMIT $1`, [limit]);
      return rows.map((r) => r.body);
    },
    async outcomesOf(commandIds) {
      if (commandIds.length === 0) return [];
      const rows = await db.query<{ body: PipelineEvent }>(`SELECT body FROM ${s}.events WHERE command_id = ANY($1::text[])`, [[...commandIds]]);
      return rows.map((r) => r.body);
    },
    async offsets(consumer) {
      const rows = await db.query<{ topic: string; partition: number; next_offset: string }>(
        `SELECT topic, partition, next_offset::text AS next_offset FROM ${s}.stream_offsets WHERE consumer = $1 ORDER BY topic COLLATE "C", partition`,
        [consumer],
      );
      return rows.map((r) => ({ consumer, topic: r.topic, partition: Number(r.partition), nextOffset: r.next_offset }));
    },
    async prune(cutoffMs, limit) {
      // One statement: the consultations chosen once (a CTE referenced twice is evaluated once),
      // then their events and views deleted (data-modifying CTEs always run to completion).
      const rows = await db.query<{ n: number }>(
        `WITH stale AS (
           SELECT DISTINCT o.consultation_id FROM ${s}.events o
           WHERE o.at_ms < $1 AND o.consultation_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM ${s}.events n WHERE n.consultation_id = o.consultation_id AND n.at_ms >= $1)
           LIMIT $2
         ), gone_events AS (
           DELETE FROM ${s}.events WHERE consultation_id IN (SELECT consultation_id FROM stale) RETURNING 1
         ), gone_views AS (
           DELETE FROM ${s}.consultations WHERE consultation_id IN (SELECT consultation_id FROM stale) RETURNING 1
         )
         SELECT count(*)::int AS n FROM stale`,
        [cutoffMs, limit],
      );
      return Number(rows[0]?.n ?? 0);
    },
    sessions: () => sqlSessionRepository(db, s),
    close: () => db.close(),
  };
}
