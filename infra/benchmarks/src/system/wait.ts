import { progressLine } from '../load/progress';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `count` until it reaches `target` or `timeoutMs` passes; returns the last count and when
 * it last grew (the moment the final message of the run arrived, to within one poll).
 */
export async function waitForCount(
  label: string,
  count: () => Promise<number>,
  target: number,
  timeoutMs: number,
  signal?: AbortSignal,
  pollMs = 250,
): Promise<{ reached: number; lastGrowthAtMs: number; timedOut: boolean }> {
  const progress = progressLine(label);
  const deadline = Date.now() + timeoutMs;
  let reached = 0;
  let lastGrowthAtMs = Date.now();
  while (Date.now() < deadline && signal?.aborted !== true) {
    const now = await count().catch(() => reached);
    if (now > reached) {
      reached = now;
      lastGrowthAtMs = Date.now();
    }
    progress.update(`${reached}/${target} received`);
    if (reached >= target) break;
    await sleep(pollMs);
  }
  progress.done(`${reached}/${target} received${reached < target ? ` (gave up after ${(timeoutMs / 1000).toFixed(0)} s)` : ''}`);
  return { reached, lastGrowthAtMs, timedOut: reached < target };
}
