export { appliedVersions, MIGRATIONS, type Migration, migrate } from './migrations';
export { DEFAULT_SCHEMA, databaseFor, type OpenReadStoreOptions, openReadStore } from './open';
export { type PgliteSettings, parsePgliteTarget, pgliteDatabase } from './pglite';
export type { EventTags, PracticeTally, Range, ReadStore, ReadStoreTx, StreamPosition, TaggedEvent, ViewQuery, ViewRow } from './port';
export { type PostgresOptions, postgresDatabase } from './postgres';
export {
  memorySessionRepository,
  type SessionExpiry,
  type SessionLimits,
  type SessionRepository,
  type SessionRow,
  sessionEnded,
} from './sessions';
export { type SqlDatabase, type SqlRunner, schemaIdentifier } from './sql';
export { sqlReadStore } from './sql-store';
