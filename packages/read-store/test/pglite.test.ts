import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA, databaseFor, migrate, openReadStore, parsePgliteTarget, pgliteDatabase, type SqlDatabase, sqlReadStore } from '../src/index';
import { readStoreContract, type TestView } from './read-store-contract';

// One embedded database for the file (starting PGlite takes seconds); each test gets its own schema.
describe('read store on PGlite (embedded)', () => {
  let db: SqlDatabase | undefined;
  let n = 0;
  beforeAll(async () => {
    db = await pgliteDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  readStoreContract(async () => {
    if (!db) throw new Error('PGlite did not start');
    const database = db;
    n += 1;
    const schema = `contract_${n}`;
    await migrate(database, schema);
    return {
      store: sqlReadStore<TestView>(database, schema),
      reopen: async () => ({ newlyApplied: await migrate(database, schema), store: sqlReadStore<TestView>(database, schema) }),
    };
  });
});

describe('read store on PGlite with a data directory', () => {
  it('keeps views and offsets across a restart, and the restart migrates nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'read-store-'));
    try {
      const first = await openReadStore<TestView>({ url: `pglite:${dir}` });
      await first.transaction(async (tx) => {
        await tx.putViews([{ consultationId: 'c-1', state: 'sent', seenMs: 1, lastEventMs: 1, view: { id: 'c-1', note: 'kept' } }]);
        await tx.saveOffset({ consumer: 'g', topic: 't', partition: 0, nextOffset: '3' });
      });
      await first.close();
      const db = await databaseFor(`pglite:${dir}`);
      try {
        expect(await migrate(db, DEFAULT_SCHEMA)).toEqual([]);
        const again = sqlReadStore<TestView>(db, DEFAULT_SCHEMA);
        expect(await again.view('c-1')).toEqual({ id: 'c-1', note: 'kept' });
        expect(await again.offsets('g')).toEqual([{ consumer: 'g', topic: 't', partition: 0, nextOffset: '3' }]);
      } finally {
        await db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('PGlite data directory opened twice in one process', () => {
  it('is one database shared by both handles, closed only when the last handle closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'read-store-shared-'));
    try {
      const first = await databaseFor(`pglite:${dir}`);
      // The same directory spelled differently is still the same database.
      const second = await databaseFor(`pglite:${dir}/.`);
      await first.query('CREATE TABLE shared_probe (n integer)');
      await second.transaction(async (tx) => {
        await tx.query('INSERT INTO shared_probe VALUES (1)');
      });
      expect(await first.query<{ n: number }>('SELECT n FROM shared_probe')).toEqual([{ n: 1 }]);
      await first.close();
      await first.close();
      // The other handle keeps working after the first closed (twice: a second close is no-op).
      expect(await second.query<{ n: number }>('SELECT count(*)::int AS n FROM shared_probe')).toEqual([{ n: 1 }]);
      await second.close();
      await expect(second.query('SELECT 1')).rejects.toThrow();
      // Closed for good: opened again, it is read back from the directory.
      const again = await databaseFor(`pglite:${dir}`);
      expect(await again.query<{ n: number }>('SELECT n FROM shared_probe')).toEqual([{ n: 1 }]);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('PGlite memory settings in the URL', () => {
  it('raises the embedded sizing where the URL says, in memory and on disk, and keeps the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'read-store-sized-'));
    try {
      for (const url of [`pglite:?shared_buffers=64MB&work_mem=16MB`, `pglite:${dir}?shared_buffers=64MB&work_mem=16MB`]) {
        const db = await databaseFor(url);
        const show = async (name: string) => (await db.query<Record<string, string>>(`SHOW ${name}`))[0]?.[name];
        expect([await show('shared_buffers'), await show('work_mem'), await show('temp_buffers')]).toEqual(['64MB', '16MB', '2MB']);
        await db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes only memory settings, as sizes (they are written into postgresql.conf)', () => {
    expect(parsePgliteTarget('/data/x?shared_buffers=1GB')).toEqual({ dir: '/data/x', settings: { shared_buffers: '1GB' } });
    expect(parsePgliteTarget('/data/x')).toEqual({ dir: '/data/x', settings: {} });
    expect(() => parsePgliteTarget('/data/x?fsync=off')).toThrow(/not one of/);
    expect(() => parsePgliteTarget('/data/x?shared_buffers=1GB%0Afsync=off')).toThrow(/size/);
  });
});
