import { startBareIngest } from '../baseline/bare-ingest';
import { type SaturationResult, saturate } from '../load/autocannon-run';
import { atLeast, type Metric, type ScenarioResult } from '../report/result';
import { ratio } from '../stats/percentile';
import { peakRssMb } from '../system/memory';
import { startServices } from '../system/services';
import { type BenchContext, size } from './context';
import { INGEST_UNTHROTTLED } from './service-env';

const CONNECTIONS = 32;

function describe(result: SaturationResult): string {
  const codes = Object.entries(result.statusCodes)
    .map(([code, count]) => `${code}x${count}`)
    .join(' ');
  return `${codes}${result.errors ? ` errors x${result.errors}` : ''}`;
}

/** Saturation of POST /v1/consultations on ingest (real Kafka) beside a bare Fastify route (no Kafka). */
export async function ingestScenario(context: BenchContext): Promise<ScenarioResult> {
  const started = Date.now();
  const seconds = size(context, 12, 4);
  const warmUp = size(context, 3, 1);

  context.log('  bare Fastify + zod baseline:');
  const bare = await startBareIngest();
  let baseline: SaturationResult;
  let bareRss: number | undefined;
  try {
    await saturate({ label: 'bare warm-up', url: bare.url, connections: CONNECTIONS, durationSeconds: warmUp });
    baseline = await saturate({ label: 'bare Fastify', url: bare.url, connections: CONNECTIONS, durationSeconds: seconds });
    bareRss = peakRssMb(bare.child.pid);
  } finally {
    await bare.stop();
  }

  context.log('  ingest service (real Kafka, acks=all):');
  const system = await startServices({
    brokers: context.brokers,
    label: 'bench-ingest',
    services: ['ingest'],
    env: { ingest: INGEST_UNTHROTTLED },
    log: context.log,
  });
  let measured: SaturationResult;
  try {
    await saturate({ label: 'ingest warm-up', url: system.table.urls.ingest, connections: CONNECTIONS, durationSeconds: warmUp });
    measured = await saturate({ label: 'ingest', url: system.table.urls.ingest, connections: CONNECTIONS, durationSeconds: seconds });
    const rss = peakRssMb(system.processes.get('ingest')?.pid);
    if (rss !== undefined) context.peakRss.set('ingest', Math.max(rss, context.peakRss.get('ingest') ?? 0));
  } finally {
    await system.stop();
  }

  const throughputRatio = ratio(measured.okPerSecond, baseline.okPerSecond);
  const metrics: Metric[] = [
    {
      name: 'POST /v1/consultations at saturation',
      value: measured.okPerSecond,
      unit: 'req/s',
      baseline: baseline.okPerSecond,
      ratio: throughputRatio,
      target: '>= 0.3x bare',
      met: atLeast(throughputRatio, 0.3),
    },
    { name: 'latency p50 at saturation', value: measured.p50Ms, unit: 'ms', baseline: baseline.p50Ms, ratio: ratio(measured.p50Ms, baseline.p50Ms) },
    { name: 'latency p99 at saturation', value: measured.p99Ms, unit: 'ms', baseline: baseline.p99Ms, ratio: ratio(measured.p99Ms, baseline.p99Ms) },
  ];
  metrics.push({ name: 'peak RSS of a bare Fastify + zod process (floor)', value: bareRss, unit: 'MB', note: 'what any service costs before its own code' });
  if (measured.non2xx > 0 || measured.errors > 0)
    metrics.push({ name: 'ingest answers other than 202', value: measured.non2xx + measured.errors, unit: 'responses', note: describe(measured) });
  return {
    scenario: 'ingest',
    status: 'ok',
    seconds: (Date.now() - started) / 1000,
    metrics,
    notes: [`autocannon, ${CONNECTIONS} connections, ${seconds} s each after ${warmUp} s warm-up; ingest ${describe(measured)}; bare ${describe(baseline)}`],
  };
}
