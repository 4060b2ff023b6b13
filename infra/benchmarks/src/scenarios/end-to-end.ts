import { type RawPipeResult, runRawPipe } from '../baseline/raw-pipe';
import { saturate } from '../load/autocannon-run';
import { type Arrivals, latencies } from '../load/latency';
import { postAtFixedRate, type SentConsultation } from '../load/paced-poster';
import { atLeast, atMost, type Metric, type ScenarioResult } from '../report/result';
import { ratePerSecond, ratio, summarise } from '../stats/percentile';
import { cpuSeconds } from '../system/memory';
import type { RunningServices } from '../system/services';
import { waitForCount } from '../system/wait';
import { type BenchContext, boundedWait, size, timeLeft } from './context';

export interface RawPipeBaseline {
  readonly result: RawPipeResult | undefined;
  readonly metric: Metric;
}

/** A point on a route that consultations reach: how many have so far, and when each did. */
export interface Milestone {
  /** e.g. 'FHIR REST receipt' in "sustained POST -> FHIR REST receipt". */
  readonly label: string;
  /** Prefix of its latency metrics, e.g. 'end-to-end' in "end-to-end p99 at 200/s". */
  readonly latencyName: string;
  /** Since the route's last reset. */
  count(): Promise<number>;
  arrivals(sent: readonly SentConsultation[]): Promise<Arrivals>;
}

/** One delivery route through the running pipeline, as the end-to-end scenario measures it. */
export interface RouteUnderTest {
  /** The scenario name it is reported under. */
  readonly scenario: string;
  readonly practices: readonly string[];
  /** The first is "received at the NHS side" (the issue's targets and the pipe limit apply to it); later ones follow it. */
  readonly milestones: readonly [Milestone, ...Milestone[]];
  /** Forgets what the simulator received on this route, so each phase counts from zero. */
  reset(): Promise<void>;
  /** Consultations in the saturation burst: [full, quick]. */
  readonly burst: readonly [number, number];
  /** Offered rates and how long each is sent: [full ms, quick ms]. */
  readonly phases: readonly { readonly rate: number; readonly ms: readonly [number, number] }[];
  /** Milliseconds of the step's cap this route leaves to what runs after it. */
  readonly reserveMs: number;
  readonly notes: readonly string[];
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

/** CPU seconds each process spent between two snapshots (a process missing from either is left out). */
function cpuSpent(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const spent = new Map<string, number>();
  for (const [name, seconds] of before) {
    const end = after.get(name);
    if (end !== undefined) spent.set(name, end - seconds);
  }
  return spent;
}

/** e.g. "ingest 0.91, delivery 2.10": each process's CPU milliseconds per consultation. */
function cpuPerConsultation(spent: Map<string, number>, consultations: number): string {
  if (consultations === 0) return '';
  return [...spent].map(([name, seconds]) => `${name} ${((seconds * 1000) / consultations).toFixed(2)}`).join(', ');
}

export async function measureRawPipe(context: BenchContext): Promise<RawPipeBaseline> {
  const messages = size(context, 10_000, 2_000);
  context.log(`  raw kafkajs two-hop pipe, ${messages} consultations:`);
  try {
    const result = await runRawPipe(context.brokers, messages, size(context, 60_000, 30_000));
    return {
      result,
      metric: {
        name: 'raw kafkajs two-hop pipe (limit)',
        value: result.perSecond,
        unit: 'msg/s',
        note: `${result.delivered}/${result.messages} in ${result.seconds.toFixed(1)} s`,
      },
    };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    context.log(`  raw pipe failed: ${reason}`);
    return { result: undefined, metric: { name: 'raw kafkajs two-hop pipe (limit)', value: undefined, unit: 'msg/s', note: `failed: ${reason}` } };
  }
}

export interface EndToEndResult {
  readonly result: ScenarioResult;
  /** p99 to the first milestone at 50/s: the recovery scenario's yardstick (its other practices get 50/s). */
  readonly p99At50Ms: number | undefined;
}

/** POST -> each milestone of the route, at saturation and at fixed offered rates (open loop). */
export async function endToEndScenario(
  context: BenchContext,
  system: RunningServices,
  route: RouteUnderTest,
  baseline: RawPipeBaseline,
): Promise<EndToEndResult> {
  const started = Date.now();
  const ingestUrl = system.table.urls.ingest;
  const practiceFor = (i: number) => route.practices[i % route.practices.length] as string;
  const [received] = route.milestones;
  context.log(`  ${route.scenario}: practices ${route.practices.join(', ')}`);

  // Warm-up: JIT, keep-alive connections, consumer groups settled.
  const warm = await postAtFixedRate({
    label: 'warm-up 100/s',
    ingestUrl,
    ratePerSecond: 100,
    durationMs: size(context, 3_000, 1_000),
    practiceFor,
    signal: context.signal,
  });
  await waitForCount('warm-up receipts', () => received.count(), warm.filter((s) => s.status === 202).length, boundedWait(context, 60_000), context.signal);
  await route.reset();

  // Saturation: a fixed number of consultations as fast as ingest takes them; the rate is from the
  // first POST to the last arrival at each milestone.
  const cpuBefore = cpuSnapshot(system);
  const burst = await saturate({
    label: `${route.scenario} burst`,
    url: ingestUrl,
    connections: 32,
    durationSeconds: size(context, 20, 8),
    amount: size(context, ...route.burst),
    practiceFor,
  });
  const metrics: Metric[] = [];
  let reachedFirst = 0;
  for (const milestone of route.milestones) {
    const first = milestone === received;
    const limitMs = first ? size(context, 60_000, 45_000) : size(context, 30_000, 20_000);
    const arrived = await waitForCount(`burst: ${milestone.label}`, () => milestone.count(), burst.ok, boundedWait(context, limitMs), context.signal);
    if (first) reachedFirst = arrived.reached;
    const sustained = arrived.reached > 0 ? ratePerSecond(arrived.reached, burst.startedAtMs, arrived.lastGrowthAtMs) : undefined;
    const pipeRate = first ? baseline.result?.perSecond : undefined;
    const pipeRatio = ratio(sustained, pipeRate);
    metrics.push({
      name: `sustained POST -> ${milestone.label}`,
      value: sustained,
      unit: 'msg/s',
      ...(first
        ? {
            baseline: pipeRate,
            ratio: pipeRatio,
            target: '>= 1,000/s',
            met: atLeast(sustained, 1_000),
          }
        : {}),
      note: `${arrived.reached}/${burst.ok} arrived${arrived.timedOut ? ' (wait ended)' : ''}${first ? `; POSTs accepted at ${Math.round(burst.okPerSecond)}/s during the burst` : ''}`,
    });
    if (first) metrics.push(baseline.metric);
  }
  const cpuAfter = cpuSnapshot(system);
  // Where the cores went during the burst: CPU milliseconds each process spent per consultation,
  // and their sum (the issue's target is on the sum over all services).
  const perService: Metric[] = [];
  let totalCpuSeconds = 0;
  for (const [name, seconds] of reachedFirst === 0 ? [] : cpuSpent(cpuBefore, cpuAfter)) {
    totalCpuSeconds += seconds;
    perService.push({
      name: `${name} CPU per consultation (burst)`,
      value: (seconds * 1000) / reachedFirst,
      unit: 'ms',
      note: `${seconds.toFixed(1)} CPU-s`,
    });
  }
  if (perService.length > 0) {
    const totalMs = (totalCpuSeconds * 1000) / reachedFirst;
    metrics.push({
      name: 'all services CPU per consultation (burst)',
      value: totalMs,
      unit: 'ms',
      target: '<= 1.5 ms',
      met: atMost(totalMs, 1.5),
      note: `${totalCpuSeconds.toFixed(1)} CPU-s over ${perService.length} services`,
    });
  }
  metrics.push(...perService);
  await route.reset();

  let p99At50Ms: number | undefined;
  for (const phase of route.phases) {
    const phaseMs = size(context, ...phase.ms);
    // A phase needs its sending time plus a little to drain; leave the rest of the cap to what follows.
    if (timeLeft(context, route.reserveMs) < phaseMs + 10_000) {
      metrics.push({
        name: `${received.latencyName} p99 at ${phase.rate}/s`,
        value: undefined,
        unit: 'ms',
        note: 'not run: the step ran out of time (slow machine?)',
      });
      continue;
    }
    const phaseCpuBefore = cpuSnapshot(system);
    const sent = await postAtFixedRate({
      label: `offered ${phase.rate}/s`,
      ingestUrl,
      ratePerSecond: phase.rate,
      durationMs: phaseMs,
      practiceFor,
      signal: context.signal,
    });
    const ok = sent.filter((s) => s.status === 202).length;
    const rejected = statusCounts(sent.filter((s) => s.status !== 202));
    let phaseCpu = '';
    for (const milestone of route.milestones) {
      const first = milestone === received;
      const wait = await waitForCount(
        `${phase.rate}/s: ${milestone.label}`,
        () => milestone.count(),
        ok,
        boundedWait(context, first ? size(context, 45_000, 30_000) : size(context, 20_000, 15_000)),
        context.signal,
      );
      // Sending time plus the drain to the first milestone: what each process spent per consultation
      // at this rate (smaller batches than the burst's, so more per consultation).
      if (first) phaseCpu = cpuPerConsultation(cpuSpent(phaseCpuBefore, cpuSnapshot(system)), ok);
      const { latenciesMs, missing } = latencies(sent, await milestone.arrivals(sent));
      const latency = summarise(latenciesMs);
      if (first && phase.rate === 50) p99At50Ms = latency.p99;
      const note = `${latency.count} measured${missing ? `, ${missing} not arrived${wait.timedOut ? ' by the cap' : ''}` : ''}${first && rejected ? `, not accepted by ingest: ${rejected}` : ''}`;
      metrics.push({ name: `${milestone.latencyName} p50 at ${phase.rate}/s`, value: latency.p50, unit: 'ms', note });
      metrics.push({
        name: `${milestone.latencyName} p99 at ${phase.rate}/s`,
        value: latency.p99,
        unit: 'ms',
        ...(first && phase.rate === 200 ? { target: '<= 100 ms', met: missing > 0 ? false : atMost(latency.p99, 100) } : {}),
        ...(first && phaseCpu ? { note: `CPU ms per consultation: ${phaseCpu}` } : {}),
      });
    }
    await route.reset();
  }
  return { result: { scenario: route.scenario, status: 'ok', seconds: (Date.now() - started) / 1000, metrics, notes: route.notes }, p99At50Ms };
}
