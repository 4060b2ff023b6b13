import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Harness, startHarness } from './support/harness';
import { gpMessage } from './support/messages';

// A graceful stop lets calls in flight finish and records their outcomes before leaving, so a
// restarted instance finds nothing missing.
describe('delivery: graceful stop with calls in flight', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness('dlv-stop');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finishes in-flight calls, records their outcomes and loses nothing across a restart', async () => {
    const groupId = `delivery-${randomUUID()}`;
    const settings = { KAFKA_GROUP_ID: groupId, FHIR_REQUEST_TIMEOUT_MS: '5000', SHUTDOWN_GRACE_MS: '5000', PRACTICE_CONCURRENCY: '2' };
    h.faults('H80001', { latencyMs: 400 });
    const messages = Array.from({ length: 6 }, () => gpMessage('H80001'));
    const first = await h.startDelivery(settings);
    await h.publish(...messages);
    // Stop while the endpoint is still answering the first calls.
    await vi.waitFor(() => expect(h.simulator.state.faults.countersOf('H80001').requests).toBeGreaterThan(0), { timeout: 30_000, interval: 20 });
    await h.stopDelivery(first);

    // Everything the endpoint answered before the stop has its outcome recorded: no call was cut off.
    const answered = h.simulator.state.faults.countersOf('H80001').accepted;
    await h.events.waitFor((all) => all.filter((e) => e.practiceOds === 'H80001' && e.type === 'delivered').length >= answered, 15_000);
    expect(h.events.values.filter((e) => e.practiceOds === 'H80001' && e.type === 'retry-scheduled' && e.code === 'aborted')).toEqual([]);

    await h.startDelivery(settings);
    for (const message of messages) await h.waitForEvent(message.consultationId, 'delivered');
    for (const message of messages) expect(h.simulator.state.received.list({ consultationId: message.consultationId })).toHaveLength(1);
  });
});
