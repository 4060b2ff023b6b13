import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness';
import { gpMessage } from './support/messages';

// A practice whose endpoint is down must not delay anyone else, and its messages must arrive once
// it recovers, each exactly once.
describe('delivery: one practice down, another healthy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness('dlv-iso');
    await h.startDelivery({ RETRY_MAX_ATTEMPTS: '500' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps delivering B while A answers 503, then delivers A after recovery exactly once each', async () => {
    h.faults('A10001', { status: 503 });
    h.faults('B20002', { latencyMs: 20 });
    const forA = Array.from({ length: 4 }, () => gpMessage('A10001'));
    const forB = Array.from({ length: 4 }, () => gpMessage('B20002'));
    await h.publish(...forA.flatMap((a, i) => [a, defined(forB[i], `message ${i} for B`)]));

    // B gets through while A is still failing: nothing of A has been delivered at that point.
    for (const message of forB) await h.waitForEvent(message.consultationId, 'delivered');
    expect(forA.flatMap((m) => h.eventsOf(m.consultationId)).filter((e) => e.type === 'delivered')).toEqual([]);
    // The breaker opens for A: later attempts are not even sent while it cools down.
    await h.events.waitFor((all) => all.some((e) => e.practiceOds === 'A10001' && e.type === 'retry-scheduled' && e.code === 'circuit-open'));

    h.simulator.state.faults.clear('A10001');
    for (const message of forA) await h.waitForEvent(message.consultationId, 'delivered');

    // Exactly one copy per message at the GP side. A repeat (a call that timed out on a loaded
    // machine after the endpoint had accepted it) is deduplicated by Bundle identifier and counted.
    const received = h.simulator.state.received.list();
    for (const message of [...forA, ...forB]) {
      const copies = received.filter((r) => r.consultationId === message.consultationId);
      expect(copies).toHaveLength(1);
      expect(copies[0]).toMatchObject({ bundleIdentifier: message.identifiers.bundleIdentifier, practiceOds: message.practiceOds });
    }
    console.log(`[isolation] ${received.length} messages received, ${received.reduce((n, r) => n + r.duplicates, 0)} duplicate receipts deduplicated`);
    for (const message of forA) {
      const events = h.eventsOf(message.consultationId);
      const retries = events.filter((e) => e.type === 'retry-scheduled');
      expect(retries.length).toBeGreaterThan(0);
      expect(retries[0]).toMatchObject({
        source: 'delivery',
        transport: 'fhir-rest',
        code: '503',
        attempt: 1,
        practiceOds: 'A10001',
        details: { tier: '30s' },
      });
      // A refusal by the open breaker sent nothing, so it is not an attempt.
      const failures = retries.filter((e) => e.code !== 'circuit-open');
      expect(events.find((e) => e.type === 'delivered')).toMatchObject({ transport: 'fhir-rest', code: '200', attempt: failures.length + 1 });
      expect(events.some((e) => e.type === 'dead-lettered' || e.type === 'needs-fallback')).toBe(false);
    }
    for (const message of forB) {
      expect(h.eventsOf(message.consultationId).map((e) => e.type)).toEqual(['sent', 'delivered']);
    }
  });
});
