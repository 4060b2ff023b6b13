import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runRawPipe, type RawPipeResult } from '../baseline/raw-pipe';
import { saturate } from '../load/autocannon-run';
import { endToEndLatencies } from '../load/latency';
import { postAtFixedRate, type SentConsultation } from '../load/paced-poster';
import { BENCH_PRACTICES } from '../payloads/consultation';
import { atLeast, atMost, type Metric, type ScenarioResult } from '../report/result';
import { ratePerSecond, ratio, summarise } from '../stats/percentile';
import { cpuSeconds } from '../system/memory';
import { repoRoot } from '../system/repo-root';
import type { RunningServices } from '../system/services';
import type { SimulatorClient } from '../system/simulator-client';
import { waitForCount } from '../system/wait';
import { boundedWait, size, timeLeft, type BenchContext } from './context';

export interface RawPipeBaseline {
  readonly result: RawPipeResult | undefined;
  readonly metric: Metric;
}

/** e.g. "503x12 0x3" (0: no answer); empty when there are none. */
function statusCounts(sent: readonly SentConsultation[]): string {
  const counts = new Map<number, number>();
  for (const s of sent) counts.set(s.status ?? 0, (counts.get(s.status ?? 0) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${status}x${count}`).join(' ');
}

function cpuSnapshot(system: RunningServices): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const [name, child] of system.processes) {
    const seconds = cpuSeconds(child.pid);
    if (seconds !== undefined) snapshot.set(name, seconds);
  }
  return snapshot;
}

const practiceFor = (i: number) => BENCH_PRACTICES[i % BENCH_PRACTICES.length] as string;

export async function measureRawPipe(context: BenchContext): Promise<RawPipeBaseline> {
  const messages = size(context, 10_000, 2_000);
  context.log(`  raw kafkajs two-hop pipe, ${messages} consultations:`);
  try {
    const result = await runRawPipe(context.brokers, messages, size(context, 60_000, 30_000));
    return { result, metric: { name: 'raw kafkajs two-hop pipe (limit)', value: result.perSecond, unit: 'msg/s', note: `${result.delivered}/${result.messages} in ${result.seconds.toFixed(1)} s` } };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    context.log(`  raw pipe failed: ${reason}`);
    return { result: undefined, metric: { name: 'raw kafkajs two-hop pipe (limit)', value: undefined, unit: 'msg/s', note: `failed: ${reason}` } };
  }
}

export interface EndToEndResult {
  readonly result: ScenarioResult;
  /** p99 at 50/s with every practice up: the recovery scenario's yardstick (its other practices get 50/s). */
  readonly p99At50Ms: number | undefined;
}

/** POST -> FHIR REST receipt at the simulator, at saturation and at fixed offered rates. */
export async function endToEndScenario(context: BenchContext, system: RunningServices, simulator: SimulatorClient, baseline: RawPipeBaseline): Promise<EndToEndResult> {
  const started = Date.now();
  const ingestUrl = system.table.urls.ingest;
  const accepted = () => simulator.acceptedTotal(BENCH_PRACTICES);
  const notes: string[] = [];

  // Warm-up: JIT, keep-alive connections, consumer groups settled.
  const warm = await postAtFixedRate({ label: 'warm-up 100/s', ingestUrl, ratePerSecond: 100, durationMs: size(context, 3_000, 1_000), practiceFor, signal: context.signal });
  await waitForCount('warm-up receipts', accepted, warm.filter((s) => s.status === 202).length, boundedWait(context, 60_000), context.signal);
  await simulator.reset();

  // Saturation: a fixed number of consultations as fast as ingest takes them; the rate is from the
  // first POST to the last receipt at the simulator.
  const cpuBefore = cpuSnapshot(system);
  const amount = size(context, 10_000, 1_000);
  const burst = await saturate({ label: 'end-to-end burst', url: ingestUrl, connections: 32, durationSeconds: size(context, 20, 8), amount, practiceFor });
  const arrived = await waitForCount('burst receipts', accepted, burst.ok, boundedWait(context, size(context, 60_000, 45_000)), context.signal);
  const cpuAfter = cpuSnapshot(system);
  const sustained = arrived.reached > 0 ? ratePerSecond(arrived.reached, burst.startedAtMs, arrived.lastGrowthAtMs) : undefined;
  const pipeRate = baseline.result?.perSecond;
  const pipeRatio = ratio(sustained, pipeRate);
  const metrics: Metric[] = [
    {
      name: 'sustained POST -> FHIR REST receipt',
      value: sustained,
      unit: 'msg/s',
      baseline: pipeRate,
      ratio: pipeRatio,
      target: '>= 2,000/s and >= 0.5x pipe',
      met: sustained === undefined ? undefined : (atLeast(sustained, 2_000) ?? false) && (atLeast(pipeRatio, 0.5) ?? false),
      note: `${arrived.reached}/${burst.ok} received${arrived.timedOut ? ' (wait ended)' : ''}; POSTs accepted at ${Math.round(burst.okPerSecond)}/s during the burst`,
    },
    baseline.metric,
  ];
  // Where the cores went during the burst: CPU milliseconds each process spent per consultation.
  for (const [name, before] of cpuBefore) {
    const after = cpuAfter.get(name);
    if (after === undefined || arrived.reached === 0) continue;
    metrics.push({ name: `${name} CPU per consultation (burst)`, value: ((after - before) * 1000) / arrived.reached, unit: 'ms', note: `${(after - before).toFixed(1)} CPU-s` });
  }
  await simulator.reset();

  let p99At50Ms: number | undefined;
  const phases = [
    { rate: 50, ms: size(context, 10_000, 3_000) },
    { rate: 200, ms: size(context, 10_000, 3_000) },
    { rate: 1_000, ms: size(context, 4_000, 2_000) },
  ];
  for (const phase of phases) {
    // A phase needs its sending time plus a little to drain; leave the rest of the cap to recovery.
    if (timeLeft(context, 60_000) < phase.ms + 10_000) {
      metrics.push({ name: `end-to-end p99 at ${phase.rate}/s`, value: undefined, unit: 'ms', note: 'not run: the step ran out of time (slow machine?)' });
      continue;
    }
    const sent = await postAtFixedRate({ label: `offered ${phase.rate}/s`, ingestUrl, ratePerSecond: phase.rate, durationMs: phase.ms, practiceFor, signal: context.signal });
    const ok = sent.filter((s) => s.status === 202).length;
    const wait = await waitForCount(`${phase.rate}/s receipts`, accepted, ok, boundedWait(context, size(context, 45_000, 30_000)), context.signal);
    const { latenciesMs, missing } = endToEndLatencies(sent, await simulator.receipts());
    const latency = summarise(latenciesMs);
    if (phase.rate === 50) p99At50Ms = latency.p99;
    const rejected = statusCounts(sent.filter((s) => s.status !== 202));
    const note = `${latency.count} measured${missing ? `, ${missing} not received${wait.timedOut ? ' by the cap' : ''}` : ''}${rejected ? `, not accepted by ingest: ${rejected}` : ''}`;
    metrics.push({ name: `end-to-end p50 at ${phase.rate}/s`, value: latency.p50, unit: 'ms', note });
    metrics.push({
      name: `end-to-end p99 at ${phase.rate}/s`,
      value: latency.p99,
      unit: 'ms',
      ...(phase.rate === 200 ? { target: '<= 100 ms', met: missing > 0 ? false : atMost(latency.p99, 100) } : {}),
    });
    await simulator.reset();
  }

  // MESH: measured once delivery has a MESH transport (the simulator's MESH API is its peer).
  const meshTransport = existsSync(join(repoRoot, 'services', 'delivery', 'src', 'transport', 'mesh'));
  const meshSimulator = existsSync(join(repoRoot, 'services', 'nhs-simulator', 'src', 'routes', 'mesh.ts'));
  notes.push(
    !meshTransport
      ? 'MESH route: not measured, delivery has no MESH transport yet'
      : !meshSimulator
        ? 'MESH route: not measured, the simulator has no MESH API yet'
        : 'MESH route: not measured yet (this harness routes every practice to FHIR REST)',
  );
  notes.push(`practices ${BENCH_PRACTICES.join(', ')} round robin; latency from POST start to the simulator's firstReceivedAt`);
  return { result: { scenario: 'end-to-end', status: 'ok', seconds: (Date.now() - started) / 1000, metrics, notes }, p99At50Ms };
}
