import { endToEndLatencies } from '../load/latency';
import { postAtFixedRate } from '../load/paced-poster';
import { BENCH_PRACTICES } from '../payloads/consultation';
import type { Metric, ScenarioResult } from '../report/result';
import { ratePerSecond, ratio, summarise } from '../stats/percentile';
import type { RunningServices } from '../system/services';
import type { SimulatorClient } from '../system/simulator-client';
import { SkipScenario } from '../system/skip';
import { waitForCount } from '../system/wait';
import { type BenchContext, boundedWait, size, timeLeft } from './context';
import { DELIVERY_SHORT_RETRIES } from './service-env';

const [DOWN, ...UP] = BENCH_PRACTICES;
const down = DOWN as string;
// Half the load goes to the practice that is down, so its backlog grows quickly; the rest is spread
// over the others, whose latency must not suffer.
const practiceFor = (i: number) => (i % 2 === 0 ? down : (UP[(i >> 1) % UP.length] as string));

/**
 * One practice answers 503 (simulator fault injection) while load continues; then it comes back.
 * Measures the other practices' p99 during the outage and how fast the backlog drains afterwards.
 */
export async function recoveryScenario(
  context: BenchContext,
  system: RunningServices,
  simulator: SimulatorClient,
  p99At50Ms: number | undefined,
): Promise<ScenarioResult> {
  const started = Date.now();
  // Below the pipeline's capacity on two cores, so what is measured is the outage, not overload.
  const rate = 100;
  const outageMs = size(context, 12_000, 4_000);
  if (timeLeft(context) < outageMs + 30_000) throw new SkipScenario(`only ${Math.max(0, Math.round(timeLeft(context) / 1000))} s left in the step's cap`);
  await simulator.setFaults(down, { status: 503 });
  context.log(`  practice ${down} answers 503; ${rate}/s offered, half of it to ${down}, for ${outageMs / 1000} s`);
  const sent = await postAtFixedRate({
    label: 'outage load',
    ingestUrl: system.table.urls.ingest,
    ratePerSecond: rate,
    durationMs: outageMs,
    practiceFor,
    signal: context.signal,
  });
  const toOthers = sent.filter((s) => s.practiceOds !== down && s.status === 202);
  const backlog = sent.filter((s) => s.practiceOds === down && s.status === 202).length;
  const othersAccepted = () => simulator.acceptedTotal(UP);
  await waitForCount('other practices', othersAccepted, toOthers.length, boundedWait(context, size(context, 30_000, 20_000)), context.signal);
  const othersMeasured = endToEndLatencies(toOthers, await simulator.receipts());
  const others = summarise(othersMeasured.latenciesMs);
  const downCounters = await simulator.counters(down);

  context.log(`  ${down} returns with a backlog of ${backlog}`);
  const returnedAt = Date.now();
  await simulator.clearFaults(down);
  const drained = await waitForCount(
    `${down} backlog`,
    async () => (await simulator.counters(down)).accepted,
    backlog,
    boundedWait(context, size(context, 60_000, 40_000)),
    context.signal,
  );
  const receipts = await simulator.receipts(down);
  const firstAt = receipts.reduce((min, r) => Math.min(min, Date.parse(r.firstReceivedAt)), Infinity);
  const lastAt = receipts.reduce((max, r) => Math.max(max, Date.parse(r.firstReceivedAt)), -Infinity);
  const drainRate = receipts.length > 1 ? ratePerSecond(receipts.length, firstAt, lastAt) : undefined;
  const overallRate = receipts.length > 0 ? ratePerSecond(receipts.length, returnedAt, lastAt) : undefined;
  const p99Ratio = ratio(others.p99, p99At50Ms);

  const metrics: Metric[] = [
    {
      name: `other practices p99 during the outage (${rate / 2}/s to them)`,
      value: others.p99,
      unit: 'ms',
      baseline: p99At50Ms,
      ratio: p99Ratio,
      note: `p50 ${others.p50 ?? '-'} ms, ${others.count} measured${othersMeasured.missing ? `, ${othersMeasured.missing} still not received when the wait ended (not in the p99)` : ''}`,
    },
    {
      name: 'backlog drain rate (first to last delivery after return)',
      value: drainRate,
      unit: 'msg/s',
      note: `${drained.reached}/${backlog} drained${drained.timedOut ? ' (cap reached)' : ''}`,
    },
    {
      name: 'backlog drain rate (from return to last delivery)',
      value: overallRate,
      unit: 'msg/s',
      note: Number.isFinite(firstAt) ? `first delivery ${((firstAt - returnedAt) / 1000).toFixed(1)} s after return` : 'nothing delivered',
    },
    {
      name: `calls to ${down} while down`,
      value: downCounters.requests,
      unit: 'requests',
      note: `${backlog} consultations; the rest were held back by retry tiers / circuit breaker`,
    },
  ];
  await simulator.reset();
  return {
    scenario: 'recovery',
    status: 'ok',
    seconds: (Date.now() - started) / 1000,
    metrics,
    notes: [
      `delivery ran with RETRY_DELAYS_MS=${DELIVERY_SHORT_RETRIES.RETRY_DELAYS_MS} and BREAKER_COOL_DOWN_MS=${DELIVERY_SHORT_RETRIES.BREAKER_COOL_DOWN_MS} (defaults 30 s / 30 s) so the first probe after the outage comes within the run; held-back messages go out as soon as the probe succeeds`,
    ],
  };
}
