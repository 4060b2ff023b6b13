import type { ConsultationView } from './derive-consultation';

/** One minute of the throughput/latency chart. */
export interface MinuteBucket {
  /** ISO instant of the start of the minute. */
  minute: string;
  received: number;
  delivered: number;
  /** received -> delivered latency of the consultations delivered in this minute. */
  p50Ms?: number;
  p95Ms?: number;
}

const MINUTE = 60_000;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Per-minute buckets for the `minutes` minutes up to and including the one holding `now`. */
/** The chart's span in epoch ms, [fromMs, toMs): whole minutes, the last one holding `now`. */
export function minuteWindow(now: Date, minutes: number): { fromMs: number; toMs: number } {
  const lastStart = Math.floor(now.getTime() / MINUTE) * MINUTE;
  return { fromMs: lastStart - (minutes - 1) * MINUTE, toMs: lastStart + MINUTE };
}

export function minuteBuckets(views: Iterable<ConsultationView>, now: Date, minutes: number): MinuteBucket[] {
  const firstStart = minuteWindow(now, minutes).fromMs;
  const received = new Array<number>(minutes).fill(0);
  const latencies = Array.from({ length: minutes }, () => [] as number[]);
  const slot = (iso: string | undefined) => {
    if (iso === undefined) return -1;
    const index = Math.floor((Date.parse(iso) - firstStart) / MINUTE);
    return index >= 0 && index < minutes ? index : -1;
  };
  for (const view of views) {
    const r = slot(view.receivedAt);
    if (r >= 0) received[r] = (received[r] ?? 0) + 1;
    const d = slot(view.deliveredAt);
    if (d >= 0 && view.latencyMs !== undefined) latencies[d]?.push(view.latencyMs);
  }
  return received.map((count, index) => {
    const sorted = (latencies[index] ?? []).sort((a, b) => a - b);
    const bucket: MinuteBucket = { minute: new Date(firstStart + index * MINUTE).toISOString(), received: count, delivered: sorted.length };
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    if (p50 !== undefined) bucket.p50Ms = p50;
    if (p95 !== undefined) bucket.p95Ms = p95;
    return bucket;
  });
}
