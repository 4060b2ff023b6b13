import type { PipelineEvent } from '@firstsync/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness';
import { gpMessage } from './support/messages';

const DOWN = 'D40004';
const BACKLOG = 150;

// A practice that was down comes back: what its breaker held back goes out as soon as the breaker
// closes, not when the retry tiers would release it. The tiers here are a minute long and the
// test gives up well before that, so it fails if the backlog waits for them.
describe('delivery: backlog of a practice that comes back', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness('dlv-drain');
    await h.startDelivery({
      RETRY_DELAYS_MS: '1000,60000,60000,60000,60000',
      RETRY_JITTER_RATIO: '0',
      RETRY_MAX_ATTEMPTS: '500',
      BREAKER_FAILURE_THRESHOLD: '3',
      BREAKER_COOL_DOWN_MS: '500',
      PRACTICE_CONCURRENCY: '16',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('releases the held-back messages when the probe succeeds, each delivered once, refusals not counted as attempts', async () => {
    h.faults(DOWN, { status: 503 });
    const backlog = Array.from({ length: BACKLOG }, () => gpMessage(DOWN));
    await h.publish(...backlog);

    // Everything ends up waiting on the one-minute tier (refused twice, or failed twice for real).
    const lastRetry = (id: string) =>
      h
        .eventsOf(id)
        .filter((e) => e.type === 'retry-scheduled')
        .at(-1);
    await h.events.waitFor(() => backlog.every((m) => (lastRetry(m.consultationId)?.details as { tier?: string } | undefined)?.tier === '2m'), 40_000);
    const refusals = h.events.values.filter((e) => e.practiceOds === DOWN && e.type === 'retry-scheduled' && e.code === 'circuit-open').length;
    const calls = h.simulator.state.faults.countersOf(DOWN).requests;

    // The practice is back; the next message for it is the probe that closes the breaker.
    h.simulator.state.faults.clear(DOWN);
    const probe = gpMessage(DOWN);
    await h.publish(probe);
    await h.waitForEvent(probe.consultationId, 'delivered', 1, 20_000);
    const delivered = (id: string) => h.eventsOf(id).find((e) => e.type === 'delivered');
    await h.events.waitFor(() => backlog.every((m) => delivered(m.consultationId)), 20_000);

    for (const message of backlog) {
      const copies = h.simulator.state.received.list({ consultationId: message.consultationId });
      expect(copies).toHaveLength(1);
      expect(copies[0]?.duplicates).toBe(0);
      const events = h.eventsOf(message.consultationId);
      const failures = events.filter((e) => e.type === 'retry-scheduled' && e.code !== 'circuit-open');
      expect(delivered(message.consultationId)).toMatchObject({ code: '200', attempt: failures.length + 1 });
      expect(events.some((e) => e.type === 'dead-lettered' || e.type === 'needs-fallback')).toBe(false);
    }

    const at = (e: PipelineEvent | undefined) => Date.parse(e?.at ?? '');
    const probeAt = at(delivered(probe.consultationId));
    const lastAt = Math.max(...backlog.map((m) => at(delivered(m.consultationId))));
    const drainMs = Math.max(1, lastAt - probeAt);
    console.log(
      `[recovery-drain] ${BACKLOG} held back (${refusals} breaker refusals, ${calls} calls to the failing endpoint); drained ${Math.round((BACKLOG / drainMs) * 1000)} msg/s (${drainMs} ms after the probe succeeded)`,
    );
  });
});
