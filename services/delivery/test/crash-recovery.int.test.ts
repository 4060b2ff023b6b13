import type { GpMessage } from '@firstsync/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeliveryProcess, spawnDelivery } from './support/child-process';
import { type Harness, startHarness, testConfig } from './support/harness';
import { gpMessage } from './support/messages';

// kill -9 of the delivery process mid-run: after a restart every accepted message is delivered or
// dead-lettered; the receiver deduplicates repeats by Bundle identifier and counts them.
describe('delivery process killed with SIGKILL mid-run', () => {
  let h: Harness;
  const children: DeliveryProcess[] = [];

  beforeAll(async () => {
    h = await startHarness('dlv-kill');
  });
  afterAll(async () => {
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await h?.close();
  });

  it('loses nothing after a restart', async () => {
    const env = testConfig(h.prefix, h.simulatorUrl, { LOG_LEVEL: 'warn', PRACTICE_CONCURRENCY: '2', RETRY_MAX_ATTEMPTS: '500' });
    h.faults('F60001', { latencyMs: 100 });
    h.faults('F60002', { status: 503 });
    h.faults('F60003', { reject: { status: 422, diagnostics: 'Message cannot be processed by this practice' } });
    const byPractice = (ods: string) => Array.from({ length: 8 }, () => gpMessage(ods));
    const healthy = byPractice('F60001');
    const recovering = byPractice('F60002');
    const rejected = byPractice('F60003');
    const all: GpMessage[] = [...healthy, ...recovering, ...rejected];
    const outcome = (m: GpMessage) => h.eventsOf(m.consultationId).some((e) => e.type === 'delivered' || e.type === 'dead-lettered');

    const first = spawnDelivery(env);
    children.push(first);
    await h.publish(...all);
    // Mid-run: some delivered, F60002's messages waiting on the retry tiers.
    await h.events.waitFor(
      (events) => events.filter((e) => e.type === 'delivered').length >= 2 && events.some((e) => e.practiceOds === 'F60002' && e.type === 'retry-scheduled'),
      45_000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual([null, 'SIGKILL']);

    h.simulator.state.faults.clear('F60002');
    const second = spawnDelivery(env);
    children.push(second);
    await h.events.waitFor(() => all.every(outcome), 60_000);

    for (const message of [...healthy, ...recovering]) {
      const copies = h.simulator.state.received.list({ consultationId: message.consultationId });
      expect(copies).toHaveLength(1);
      expect(copies[0]?.bundleIdentifier).toBe(message.identifiers.bundleIdentifier);
    }
    for (const message of rejected) {
      expect(h.eventsOf(message.consultationId).find((e) => e.type === 'dead-lettered')?.message).toContain('Message cannot be processed by this practice');
    }
    const received = h.simulator.state.received.list();
    const duplicates = received.reduce((sum, r) => sum + r.duplicates, 0);
    console.log(
      `[crash-recovery] ${all.length} messages, ${received.length} distinct received, ${duplicates} duplicate receipts deduplicated by Bundle identifier`,
    );

    // A graceful stop of the restarted process ends with exit code 0.
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual([0, null]);
    const logs = [...first.output, ...second.output].join('');
    expect(['9000000009', 'Testperson'].filter((secret) => logs.includes(secret))).toEqual([]);
  });
});
