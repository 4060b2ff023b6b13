import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase } from './sql';

/**
 * Embedded PostgreSQL (WebAssembly, in this process): a data directory persists across restarts,
 * none keeps everything in memory (tests: each call a database of its own). One connection, so
 * PGlite queues transactions itself.
 */
// PostgreSQL's defaults (128 MB shared buffers) are sized for a database server; embedded in a
// service process, whose WebAssembly memory never shrinks, they cost ~150 MB of RSS for nothing a
// read model of this size needs (measured: 523 -> 369 MB for 20k rows). A server is the production store.
const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'wal_buffers=1MB', 'work_mem=4MB', 'maintenance_work_mem=16MB', 'temp_buffers=2MB'];

/**
 * Memory settings a `pglite:` URL may raise (`pglite:<dir>?shared_buffers=512MB`): a store much
 * larger than the embedded sizing (the outcomes store at national scale, GBs) otherwise reads
 * nearly every page from the file system through WebAssembly. Only these names and sizes, since
 * they are written into postgresql.conf.
 */
const TUNABLE = new Set(['shared_buffers', 'work_mem', 'maintenance_work_mem', 'wal_buffers', 'temp_buffers', 'effective_cache_size']);

export type PgliteSettings = Readonly<Record<string, string>>;

/** `<dir>?name=size&…` -> the directory and its settings; throws on a name or size it does not allow. */
export function parsePgliteTarget(target: string): { dir: string; settings: PgliteSettings } {
  const at = target.indexOf('?');
  if (at < 0) return { dir: target, settings: {} };
  const settings: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(target.slice(at + 1))) {
    if (!TUNABLE.has(name)) throw new Error(`pglite: setting ${name} is not one of ${[...TUNABLE].join(', ')}`);
    if (!/^\d+(kB|MB|GB)$/.test(value)) throw new Error(`pglite: ${name} must be a size such as 256MB`);
    settings[name] = value;
  }
  return { dir: target.slice(0, at), settings };
}

async function openPglite(dataDir?: string, settings: PgliteSettings = {}): Promise<SqlDatabase> {
  // Later lines of postgresql.conf win: the URL's settings override the embedded ones.
  const options = { postgresqlconf: [...EMBEDDED_SETTINGS, ...Object.entries(settings).map(([name, value]) => `${name}=${value}`)] };
  const db = dataDir === undefined ? await PGlite.create(options) : await PGlite.create(dataDir, options);
  return {
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(sql, [...params])).rows;
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
            return (await tx.query<Row>(sql, [...params])).rows;
          },
        }),
      ),
    close: () => db.close(),
  };
}

/**
 * A data directory is one PGlite's: two instances over it would corrupt it, and each costs ~100 MB
 * of WebAssembly memory. So every store of this process opened on the same directory (the
 * dashboard's read model and outcomes figures, in schemas of their own) shares one database,
 * closed when the last of them closes. PGlite runs one transaction at a time, so they cannot interleave.
 */
const openDirectories = new Map<string, { opening: Promise<SqlDatabase>; users: number }>();

function sharedHandle(dir: string, entry: { opening: Promise<SqlDatabase>; users: number }, db: SqlDatabase): SqlDatabase {
  let closed = false;
  return {
    query: (sql, params) => db.query(sql, params),
    transaction: (fn) => db.transaction(fn),
    async close() {
      if (closed) return;
      closed = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      openDirectories.delete(dir);
      await db.close();
    },
  };
}

/** The first opening of a directory sets its settings; later ones share that database as it is. */
export async function pgliteDatabase(dataDir?: string, settings: PgliteSettings = {}): Promise<SqlDatabase> {
  if (dataDir === undefined) return openPglite(undefined, settings);
  const dir = resolve(dataDir);
  let entry = openDirectories.get(dir);
  if (!entry) {
    entry = { opening: openPglite(dir, settings), users: 0 };
    openDirectories.set(dir, entry);
  }
  entry.users += 1;
  try {
    return sharedHandle(dir, entry, await entry.opening);
  } catch (err) {
    entry.users -= 1;
    if (openDirectories.get(dir) === entry) openDirectories.delete(dir);
    throw err;
  }
}
