import { outcomeFactRecordSchema } from '@firstsync/outcomes-core';
import { OUTCOMES_MIGRATIONS, sqlOutcomesStore } from '@firstsync/outcomes-store';
import { databaseFor, migrate, type SqlDatabase, type SqlRunner } from '@firstsync/read-store';
import { sparePort, startLocalPostgres, stopLocalPostgres } from '../../../postgres-local/postgres-local.mjs';
import { type FactStreamStats, syntheticFactBatches } from './synthetic-facts';
import { syntheticGeography } from './synthetic-reference';

const kind = process.argv[2] ?? 'postgres';
const facts = Number(process.argv[3] ?? 100000);
const batchSize = Number(process.argv[4] ?? 5000);
const server = kind === 'postgres' ? await startLocalPostgres({ port: await sparePort(), durable: false }) : undefined;
const inner = await databaseFor(server ? server.url : 'pglite:/tmp/o1/prof-pglite');
const times = new Map<string, { ms: number; n: number; rows: number }>();
const wrap = (r: SqlRunner): SqlRunner => ({
  async query(sql, params) {
    const t = performance.now();
    const out = await r.query(sql, params);
    const k = sql.trim().slice(0, 40).replace(/\s+/g, ' ');
    const e = times.get(k) ?? { ms: 0, n: 0, rows: 0 };
    e.ms += performance.now() - t;
    e.n += 1;
    e.rows += Array.isArray(params?.[0]) ? (params[0] as unknown[]).length : 1;
    times.set(k, e);
    return out as never;
  },
});
const db: SqlDatabase = { ...wrap(inner), transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))), close: () => inner.close() };
await migrate(inner, 'outcomes', OUTCOMES_MIGRATIONS);
const store = sqlOutcomesStore(db, 'outcomes');
const geo = syntheticGeography();
await store.loadReference(geo.set, { source: 's', loadedAt: '2025-01-01T00:00:00Z', asOf: '2025-12-31' });
times.clear();
const stats: FactStreamStats = { consultations: 0, records: 0 };
const t0 = performance.now();
let js = 0;
for (const batch of syntheticFactBatches(geo, facts, batchSize, stats)) {
  const t = performance.now();
  const records = batch.map((text) => outcomeFactRecordSchema.parse(JSON.parse(text)));
  js += performance.now() - t;
  await store.absorb(records, []);
}
const total = performance.now() - t0;
console.log(kind, 'consultations/s', Math.round(stats.consultations / (total / 1000)), 'total', Math.round(total), 'decode ms', Math.round(js));
for (const [k, v] of [...times.entries()].sort((a, b) => b[1].ms - a[1].ms))
  console.log(Math.round(v.ms).toString().padStart(7), String(v.n).padStart(5), String(v.rows).padStart(9), k);
await store.close();
if (server) await stopLocalPostgres({ port: server.port });
