import { describe, expect, it } from 'vitest';
import { instanceStoreUrl, serviceTable } from '../src/service-table';

describe("the dashboard's read store in the service table", () => {
  it('is left out unless asked for (the tests keep the read model in memory)', () => {
    const table = serviceTable({ brokers: 'b:9092', instances: {} });
    expect(table.services.every((s) => s.env.READ_STORE_URL === undefined)).toBe(true);
  });

  it('goes to the dashboard alone; several instances each get a PGlite directory of their own, but share a server', () => {
    const one = serviceTable({ brokers: 'b:9092', instances: {}, readStore: 'pglite:/repo/.data/read-store' });
    expect(one.services.filter((s) => s.env.READ_STORE_URL !== undefined).map((s) => [s.label, s.env.READ_STORE_URL])).toEqual([
      ['dashboard', 'pglite:/repo/.data/read-store'],
    ]);
    const two = serviceTable({ brokers: 'b:9092', instances: { dashboard: 2 }, readStore: 'pglite:/repo/.data/read-store' });
    expect(two.services.filter((s) => s.name === 'dashboard').map((s) => s.env.READ_STORE_URL)).toEqual([
      'pglite:/repo/.data/read-store',
      'pglite:/repo/.data/read-store-2',
    ]);
    expect(instanceStoreUrl('postgres://u:p@127.0.0.1:5432/db', 1, 2)).toBe('postgres://u:p@127.0.0.1:5432/db');
    expect(instanceStoreUrl('pglite:memory', 1, 2)).toBe('pglite:memory');
  });

  it('gives ingest its status store the same way: each instance a PGlite directory, or one server for all', () => {
    const none = serviceTable({ brokers: 'b:9092', instances: { ingest: 2 } });
    expect(none.services.every((s) => s.env.STATUS_STORE_URL === undefined)).toBe(true);
    const two = serviceTable({ brokers: 'b:9092', instances: { ingest: 2 }, statusStore: 'pglite:/repo/.data/ingest-status' });
    expect(two.services.filter((s) => s.env.STATUS_STORE_URL !== undefined).map((s) => [s.label, s.env.STATUS_STORE_URL])).toEqual([
      ['ingest#1', 'pglite:/repo/.data/ingest-status'],
      ['ingest#2', 'pglite:/repo/.data/ingest-status-2'],
    ]);
    const server = 'postgres://u:p@127.0.0.1:5432/db';
    const shared = serviceTable({ brokers: 'b:9092', instances: { ingest: 2, dashboard: 2 }, statusStore: server, readStore: server });
    expect(shared.services.filter((s) => s.name === 'ingest').map((s) => s.env.STATUS_STORE_URL)).toEqual([server, server]);
    expect(shared.services.filter((s) => s.name === 'dashboard').map((s) => [s.env.READ_STORE_URL, s.env.STATUS_STORE_URL])).toEqual([
      [server, undefined],
      [server, undefined],
    ]);
  });
});
