import { type SqlDatabase, schemaIdentifier } from './sql';

export interface Migration {
  version: number;
  name: string;
  /** `{s}` stands for the quoted schema. */
  sql: string;
}

/**
 * Versioned schema, applied in order and recorded in `schema_migrations`. Append only: a released
 * migration is never edited, a change is a new version. Instants are kept as epoch milliseconds
 * (what `Date.parse` gives, so SQL orders and filters exactly as the in-memory model compares);
 * the documents themselves are jsonb, returned as written. Ids collate "C" (code-unit order, as
 * JavaScript compares strings), so ties sort the same in SQL as in memory, on any database locale.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'read model: events, consultation views, commands, stream offsets',
    sql: `
CREATE TABLE {s}.events (
  event_id text COLLATE "C" PRIMARY KEY,
  consultation_id text COLLATE "C",
  practice_ods text,
  command_id text COLLATE "C",
  at_ms bigint NOT NULL,
  practice_signal boolean NOT NULL DEFAULT false,
  audit boolean NOT NULL DEFAULT false,
  body jsonb NOT NULL
);
CREATE INDEX events_by_consultation ON {s}.events (consultation_id) WHERE consultation_id IS NOT NULL;
CREATE INDEX events_practice_signals ON {s}.events (practice_ods) WHERE practice_signal;
CREATE INDEX events_audit ON {s}.events (at_ms DESC, event_id) WHERE audit;
CREATE INDEX events_by_command ON {s}.events (command_id) WHERE command_id IS NOT NULL;

CREATE TABLE {s}.consultations (
  consultation_id text COLLATE "C" PRIMARY KEY,
  state text NOT NULL,
  practice_ods text,
  pharmacy_ods text,
  service text,
  seen_ms bigint NOT NULL,
  last_event_ms bigint NOT NULL,
  received_ms bigint,
  delivered_ms bigint,
  delivered_at text,
  view jsonb NOT NULL
);
CREATE INDEX consultations_recent ON {s}.consultations (last_event_ms DESC, consultation_id);
CREATE INDEX consultations_by_state ON {s}.consultations (state);
CREATE INDEX consultations_by_practice ON {s}.consultations (practice_ods, state);
CREATE INDEX consultations_by_pharmacy ON {s}.consultations (pharmacy_ods);
CREATE INDEX consultations_received ON {s}.consultations (received_ms);
CREATE INDEX consultations_delivered ON {s}.consultations (delivered_ms);

CREATE TABLE {s}.commands (
  command_id text COLLATE "C" PRIMARY KEY,
  at_ms bigint NOT NULL,
  body jsonb NOT NULL
);
CREATE INDEX commands_recent ON {s}.commands (at_ms DESC, command_id);

CREATE TABLE {s}.stream_offsets (
  consumer text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  next_offset bigint NOT NULL,
  PRIMARY KEY (consumer, topic, partition)
);
`,
  },
  {
    version: 2,
    name: 'events by instant: pruning what is older than retention',
    // Finds the events a prune may remove (ReadStore.prune) without scanning every event.
    sql: `
CREATE INDEX events_by_instant ON {s}.events (at_ms) WHERE consultation_id IS NOT NULL;
`,
  },
  {
    version: 3,
    name: 'dashboard sessions shared by every instance',
    // id_hash is the SHA-256 of the cookie's session id (never the id); seq orders a user's
    // sessions by creation, so the per-user cap ends the oldest even within one millisecond.
    sql: `
CREATE TABLE {s}.sessions (
  id_hash text COLLATE "C" PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  user_key text NOT NULL,
  account jsonb NOT NULL,
  csrf_token text NOT NULL,
  created_ms bigint NOT NULL,
  last_seen_ms bigint NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX sessions_by_user ON {s}.sessions (user_key, seq);
`,
  },
];

/**
 * Brings `schema` up to the latest version. Everything runs in one transaction behind a
 * transaction-scoped advisory lock named after the schema: instances starting at once queue on the
 * lock, the first applies what is missing, the others then find nothing to do. DDL is
 * transactional in PostgreSQL, so a failed migration leaves no half-built schema.
 */
export async function migrate(db: SqlDatabase, schema: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const s = schemaIdentifier(schema);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`firstsync-read-store:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const rows = await tx.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`);
    const applied = new Set(rows.map((r) => Number(r.version)));
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.sql.replaceAll('{s}', s).split(/;\s*\n/)) {
        if (statement.trim() !== '') await tx.query(statement);
      }
      await tx.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}

export async function appliedVersions(db: SqlDatabase, schema: string): Promise<number[]> {
  const rows = await db.query<{ version: number }>(`SELECT version FROM ${schemaIdentifier(schema)}.schema_migrations ORDER BY version`);
  return rows.map((r) => Number(r.version));
}
