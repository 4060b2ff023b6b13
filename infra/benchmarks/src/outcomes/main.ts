// npm run bench:outcomes -- [--facts N] [--stores pglite,postgres] [--batch N|fetch] [--rounds N] [--absorb-only RECORDS] [--pglite shared_buffers=512MB]
// The outcomes store at national scale (issue #17): a year of synthetic facts, absorbed as the
// absorber does (JSON decode, schema check, one transaction per batch), then the views timed.
// Not part of npm test or `pnpm bench` (no broker needed); prints a table and writes
// infra/benchmarks/results/outcomes-latest.json. README: infra/benchmarks/README.md#outcomes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outcomeFactRecordSchema } from '@firstsync/outcomes-core';
import {
  ABSORBER_FETCH_BYTES,
  discloseFigures,
  OUTCOMES_MIGRATIONS,
  type OutcomesStore,
  type Period,
  type Scope,
  sqlOutcomesStore,
} from '@firstsync/outcomes-store';
import { databaseFor, migrate, type SqlDatabase } from '@firstsync/read-store';
import { sparePort, startLocalPostgres, stopLocalPostgres } from '../../../postgres-local/postgres-local.mjs';
import { postmasterPid, processCpuSeconds, treeCpuSeconds } from './cpu';
import { type FactStreamStats, syntheticFactBatches, YEAR } from './synthetic-facts';
import { SHAPE, syntheticGeography, withMoreMoves } from './synthetic-reference';

type StoreKind = 'pglite' | 'postgres';

interface Args {
  facts: number;
  /** Facts only for the practices of the first N ICBs, at the national density of `facts` (views of those ICBs as at full scale, in less time). */
  icbs: number | null;
  stores: StoreKind[];
  /** Records per transaction; null: as many as fill the absorber's fetch (ABSORBER_FETCH_BYTES), as on a backlog. */
  batch: number | null;
  rounds: number;
  /** Stop after this many records and time no views: the absorb rate of the stream's first days at national density, in a minute or two. */
  absorbOnly: number | null;
  /** Appended to the `pglite:` URL (`shared_buffers=512MB&work_mem=16MB`); empty: the embedded sizing. */
  pgliteSettings: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { facts: 5_000_000, icbs: null, stores: ['pglite', 'postgres'], batch: null, rounds: 2, absorbOnly: null, pgliteSettings: '' };
  for (const arg of argv) {
    const [flag, value = ''] = arg.replace(/^--/, '').split('=');
    if (flag === 'facts') args.facts = Number(value.replaceAll('_', ''));
    else if (flag === 'batch') args.batch = value === 'fetch' ? null : Number(value);
    else if (flag === 'icbs') args.icbs = Number(value);
    else if (flag === 'rounds') args.rounds = Number(value);
    else if (flag === 'pglite') args.pgliteSettings = arg.slice('--pglite='.length);
    else if (flag === 'absorb-only') args.absorbOnly = Number(value.replaceAll('_', ''));
    else if (flag === 'stores') args.stores = value.split(',').filter((s): s is StoreKind => s === 'pglite' || s === 'postgres');
    else
      throw new Error(
        `unknown argument ${arg}: --facts=N --icbs=N --stores=pglite,postgres --batch=N --rounds=N --absorb-only=RECORDS --pglite=shared_buffers=512MB`,
      );
  }
  if (!Number.isSafeInteger(args.facts) || args.facts < 1000) throw new Error('--facts must be at least 1000');
  return args;
}

const quantile = (samples: readonly number[], q: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
};

interface Timing {
  samples: number;
  p50: number;
  p95: number;
  max: number;
  /** CPU ms per view: this process's p95, and the mean of this process plus the database server. */
  cpuP95: number;
  cpuMean: number;
}

/** CPU seconds of the database: 0 for PGlite (it is this process), the server's process tree otherwise. */
type ServerCpu = () => number;

async function timeViews(store: OutcomesStore, scopes: readonly Scope[], period: Period, rounds: number, serverCpu: ServerCpu): Promise<Timing> {
  // One call first: the reference set is read and indexed once per process (and after each load).
  const first = scopes[0];
  if (first) await store.figures(first, period);
  const samples: number[] = [];
  const cpu: number[] = [];
  const serverBefore = serverCpu();
  for (let round = 0; round < rounds; round += 1) {
    for (const scope of scopes) {
      const cpuStart = processCpuSeconds();
      const started = performance.now();
      // What a page or an export does: the figures, disclosed, serialised.
      JSON.stringify(discloseFigures(await store.figures(scope, period)));
      samples.push(performance.now() - started);
      cpu.push((processCpuSeconds() - cpuStart) * 1000);
    }
  }
  const serverMs = (serverCpu() - serverBefore) * 1000;
  const cpuMean = (cpu.reduce((a, b) => a + b, 0) + serverMs) / Math.max(1, cpu.length);
  return {
    samples: samples.length,
    p50: quantile(samples, 0.5),
    p95: quantile(samples, 0.95),
    max: Math.max(...samples),
    cpuP95: quantile(cpu, 0.95),
    cpuMean,
  };
}

const spread = <T>(items: readonly T[], n: number): T[] =>
  Array.from({ length: Math.min(n, items.length) }, (_, i) => items[Math.floor((i * items.length) / Math.min(n, items.length))] as T);

interface StoreResult {
  kind: StoreKind;
  consultations: number;
  records: number;
  absorbSeconds: number;
  /** CPU seconds of this process and the database server while absorbing. */
  absorbCpuSeconds: number;
  consultationsPerSecond: number;
  consultationsPerCpuSecond: number;
  recordsPerSecond: number;
  /** Absorb transactions (batches). */
  transactions: number;
  referenceLoadMs: number;
  reloadMs: number;
  reloadReplaced: number;
  sizeMb: number;
  views: Record<string, Timing>;
}

/**
 * A record's bytes in a fetch, as the broker counts them against the fetch size: the value, its key
 * (the 64-character fact key and `/consultation` or `/delivery/<version>`, ~77 bytes), the two
 * headers (`x-schema: outcome-fact.v1`, `x-produced-by: outcomes`, 44 bytes) and ~25 bytes of
 * lengths, offsets and timestamp. The producer does not compress.
 */
const fetchedBytes = (text: string): number => Buffer.byteLength(text) + 77 + 69;

/** The stream cut where the absorber's fetches would cut it on a backlog: records until ABSORBER_FETCH_BYTES. */
function* asFetched(batches: Iterable<string[]>): Generator<string[]> {
  let batch: string[] = [];
  let bytes = 0;
  for (const small of batches) {
    for (const text of small) {
      const size = fetchedBytes(text);
      if (bytes + size > ABSORBER_FETCH_BYTES && batch.length > 0) {
        yield batch;
        batch = [];
        bytes = 0;
      }
      batch.push(text);
      bytes += size;
    }
  }
  if (batch.length > 0) yield batch;
}

async function runStore(kind: StoreKind, args: Args): Promise<StoreResult> {
  let db: SqlDatabase;
  let cleanup: () => Promise<void>;
  let serverCpu: ServerCpu = () => 0;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'outcomes-bench-'));
    db = await databaseFor(`pglite:${dir}${args.pgliteSettings ? `?${args.pgliteSettings}` : ''}`);
    cleanup = async () => {
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const server = await startLocalPostgres({ port: await sparePort(), durable: false });
    db = await databaseFor(server.url);
    const postmaster = postmasterPid(join(server.dir, 'data'));
    serverCpu = () => treeCpuSeconds(postmaster);
    cleanup = async () => {
      await stopLocalPostgres({ port: server.port });
    };
  }
  const schema = 'outcomes';
  await migrate(db, schema, OUTCOMES_MIGRATIONS);
  const store = sqlOutcomesStore(db, schema);
  try {
    const geo = syntheticGeography();
    let started = performance.now();
    await store.loadReference(geo.set, { source: 'synthetic national set', loadedAt: new Date().toISOString(), asOf: '2025-12-31' });
    const referenceLoadMs = performance.now() - started;

    // With --icbs, only those ICBs' practices, at the national density of --facts.
    const icbSubset = args.icbs === null ? null : new Set(geo.icbs.slice(0, args.icbs));
    const inSubset = (icb: string | null) => icbSubset === null || (icb !== null && icbSubset.has(icb));
    const practiceIndexes = geo.set.practices.flatMap((p, i) => (inSubset(p.icbCode) ? [i] : []));
    const consultations = Math.round((args.facts * practiceIndexes.length) / SHAPE.practices);
    const subsetPractices = new Set(practiceIndexes.map((i) => geo.practices[i]));
    const stats: FactStreamStats = { consultations: 0, records: 0 };
    let offset = 0;
    let transactions = 0;
    let lastReport = 0;
    started = performance.now();
    const cpuStart = processCpuSeconds() + serverCpu();
    const generated = syntheticFactBatches(geo, consultations, args.batch ?? 1_000, stats, 5, icbSubset === null ? undefined : practiceIndexes);
    for (const batch of args.batch === null ? asFetched(generated) : generated) {
      // As the absorber: decode and check every record, then one transaction with the offset after the batch.
      const records = batch.map((text) => outcomeFactRecordSchema.parse(JSON.parse(text)));
      offset += batch.length;
      transactions += 1;
      await store.absorb(records, [{ consumer: 'bench', topic: 'outcomes.facts.v1', partition: 0, nextOffset: String(offset) }]);
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed - lastReport > 30) {
        lastReport = elapsed;
        process.stderr.write(`[bench:outcomes] ${kind}: ${offset} records in ${elapsed.toFixed(0)} s (${Math.round(offset / elapsed)} records/s)\n`);
      }
      if (args.absorbOnly !== null && offset >= args.absorbOnly) break;
    }
    const absorbSeconds = (performance.now() - started) / 1000;
    const absorbCpuSeconds = processCpuSeconds() + serverCpu() - cpuStart;
    const absorbed = {
      kind,
      consultations: stats.consultations,
      records: stats.records,
      absorbSeconds,
      absorbCpuSeconds,
      consultationsPerSecond: stats.consultations / absorbSeconds,
      consultationsPerCpuSecond: stats.consultations / absorbCpuSeconds,
      recordsPerSecond: stats.records / absorbSeconds,
      referenceLoadMs,
      transactions,
    };
    if (args.absorbOnly !== null) return { ...absorbed, reloadMs: 0, reloadReplaced: 0, sizeMb: 0, views: {} };

    const year: Period = { granularity: 'month', from: YEAR.from, to: YEAR.to };
    const weeks: Period = { granularity: 'week', from: '2024-12-30', to: '2025-12-29' };
    const icbs = geo.icbs.filter((code) => inSubset(code)).map((code): Scope => ({ level: 'icb', code }));
    const pcnsInSubset = new Set(geo.set.memberships.filter((m) => subsetPractices.has(m.practiceOds)).map((m) => m.pcnCode));
    const subIcbsInSubset = new Set(geo.set.practices.filter((p) => subsetPractices.has(p.practiceOds)).flatMap((p) => (p.subIcbCode ? [p.subIcbCode] : [])));
    const pharmaciesInSubset = new Set(practiceIndexes.flatMap((i) => geo.localPharmacies[i] ?? []));
    const views: Record<string, Timing> = {};
    views['ICB, year by month'] = await timeViews(store, icbs, year, args.rounds, serverCpu);
    views['PCN, year by month'] = await timeViews(
      store,
      spread(
        geo.pcns.filter((c) => pcnsInSubset.has(c)),
        200,
      ).map((code): Scope => ({ level: 'pcn', code })),
      year,
      args.rounds,
      serverCpu,
    );
    views['ICB, 52 weeks'] = await timeViews(store, icbs, weeks, 1, serverCpu);
    views['sub-ICB, year by month'] = await timeViews(
      store,
      spread(
        geo.subIcbs.filter((c) => subIcbsInSubset.has(c)),
        50,
      ).map((code): Scope => ({ level: 'sub-icb', code })),
      year,
      1,
      serverCpu,
    );
    views['practice, year by month'] = await timeViews(
      store,
      spread(
        geo.practices.filter((c) => subsetPractices.has(c)),
        100,
      ).map((code): Scope => ({ level: 'practice', code })),
      year,
      1,
      serverCpu,
    );
    views['pharmacy, year by month'] = await timeViews(
      store,
      spread(
        geo.pharmacies.filter((c) => pharmaciesInSubset.has(c)),
        100,
      ).map((code): Scope => ({ level: 'pharmacy', code })),
      year,
      1,
      serverCpu,
    );
    views['national, year by month'] = await timeViews(store, [{ level: 'national' }], year, 3, serverCpu);

    started = performance.now();
    const reload = await store.loadReference(withMoreMoves(geo, '2025-10-01'), {
      source: 'synthetic, 2% moved',
      loadedAt: new Date().toISOString(),
      asOf: '2025-12-31',
    });
    const reloadMs = performance.now() - started;

    const [size] = await db.query<{ bytes: string }>(
      `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    return {
      ...absorbed,
      reloadMs,
      reloadReplaced: reload.factsReplaced,
      sizeMb: Number(size?.bytes ?? 0) / 1_048_576,
      views,
    };
  } finally {
    await store.close();
    await cleanup();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(results: readonly StoreResult[]): string {
  const head = `| measure | target | ${results.map((r) => (r.kind === 'pglite' ? 'PGlite (on disk)' : 'PostgreSQL')).join(' | ')} |`;
  const line = `|---|---|${results.map(() => '---').join('|')}|`;
  const row = (name: string, target: string, value: (r: StoreResult) => string) => `| ${name} | ${target} | ${results.map(value).join(' | ')} |`;
  const check = (ok: boolean) => (ok ? ' ✓' : ' ✗');
  const views = Object.keys(results[0]?.views ?? {});
  const targetOf: Record<string, number> = { 'ICB, year by month': 300, 'PCN, year by month': 100 };
  return [
    head,
    line,
    row('consultations absorbed / s', '>= 5,000', (r) => `${fmt(r.consultationsPerSecond)}${check(r.consultationsPerSecond >= 5000)}`),
    row('consultations absorbed / CPU second (this process + database server)', '–', (r) => fmt(r.consultationsPerCpuSecond)),
    row('records absorbed / s (consultation + delivery parts)', '–', (r) => fmt(r.recordsPerSecond)),
    row(
      'absorbed',
      '–',
      (r) => `${fmt(r.consultations)} consultations, ${fmt(r.records)} records in ${fmt(r.absorbSeconds)} s, ${fmt(r.transactions)} transactions`,
    ),
    ...views.map((view) => {
      const target = targetOf[view];
      return row(`${view}: wall p95 (p50, max) ms; CPU ms`, target ? `p95 <= ${target} ms` : '–', (r) => {
        const t = r.views[view];
        if (!t) return '–';
        return `${fmt(t.p95)} (${fmt(t.p50)}, ${fmt(t.max)})${target ? check(t.p95 <= target) : ''} [${t.samples}]; CPU mean ${fmt(t.cpuMean)}, process p95 ${fmt(t.cpuP95)}`;
      });
    }),
    row('reference load (first, national set) ms', '–', (r) => fmt(r.referenceLoadMs)),
    row('reference reload (2% of practices moved) ms', '–', (r) => `${fmt(r.reloadMs)} (${fmt(r.reloadReplaced)} consultations re-placed)`),
    row('store size', '–', (r) => `${fmt(r.sizeMb)} MB`),
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const loadStart = loadavg();
  process.stderr.write(
    `[bench:outcomes] ${fmt(args.facts)} consultations over ${YEAR.from}..${YEAR.to}, ${SHAPE.practices} practices, ${SHAPE.pharmacies} pharmacies, ${SHAPE.pcns} PCNs, ${SHAPE.subIcbs} sub-ICBs, ${SHAPE.icbs} ICBs; batches of ${args.batch === null ? `one absorber fetch (${ABSORBER_FETCH_BYTES} bytes)` : `${args.batch} records`}; stores ${args.stores.join(', ')}\n`,
  );
  const results: StoreResult[] = [];
  for (const kind of args.stores) {
    const started = performance.now();
    results.push(await runStore(kind, args));
    process.stderr.write(`[bench:outcomes] ${kind} done in ${fmt((performance.now() - started) / 1000)} s\n`);
  }
  const loadEnd = loadavg();
  const scale =
    args.icbs === null
      ? `${fmt(args.facts)} consultations`
      : `the first ${args.icbs} of ${SHAPE.icbs} ICBs at the density of ${fmt(args.facts)} national consultations a year (national view not representative)`;
  const header = `${startedAt}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${scale}, batch ${args.batch === null ? `one absorber fetch (${ABSORBER_FETCH_BYTES} bytes)` : `${args.batch} records`}, PGlite ${args.pgliteSettings || 'embedded sizing'}; load average at start ${loadStart.map((l) => l.toFixed(2)).join(' / ')}, at end ${loadEnd.map((l) => l.toFixed(2)).join(' / ')}`;
  process.stdout.write(`\n${header}\n\n${table(results)}\n`);
  const out = resolve(
    fileURLToPath(new URL('../../results', import.meta.url)),
    args.absorbOnly !== null
      ? 'outcomes-latest-absorb-only.json'
      : args.icbs !== null
        ? `outcomes-latest-${args.icbs}-icbs.json`
        : args.facts >= 1_000_000
          ? 'outcomes-latest.json'
          : 'outcomes-latest-small.json',
  );
  writeFileSync(out, `${JSON.stringify({ header, args, results }, null, 2)}\n`);
  process.stderr.write(`[bench:outcomes] results in ${out}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench:outcomes] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
