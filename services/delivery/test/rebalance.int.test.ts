import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryService } from '../src/app';
import { type Harness, startHarness } from './support/harness';
import { command, gpMessage } from './support/messages';

const HELD = 'D40004';
const FAILING = 'E50006';
const HEALTHY = 'F60007';

// Several instances in one consumer group (issue #19): a practice's hold, its retrying work and its
// breaker must follow its partition when the group rebalances. Instances 1 and 2 share the work
// while one practice is held and another fails; then 1 stops, 3 joins and 2 stops, so every
// partition has moved to another instance at least once before the hold is released and the
// practice recovers. Each message must then reach its GP exactly once.
describe('delivery: a rebalance with held and retrying work', () => {
  let h: Harness;
  const groupId = `delivery-rebalance-${randomUUID()}`;
  const start = (): Promise<DeliveryService> =>
    h.startDelivery({ KAFKA_GROUP_ID: groupId, RETRY_DELAYS_MS: '500,1000,1000,1000,1000', RETRY_MAX_ATTEMPTS: '500', BREAKER_COOL_DOWN_MS: '300' });

  beforeAll(async () => {
    h = await startHarness('dlv-rebalance');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('delivers every held and retrying message exactly once after its partition moved between instances', { timeout: 180_000 }, async () => {
    const first = await start();
    const second = await start();
    const hold = command.hold(HELD);
    await h.command(hold);
    await h.events.waitFor((all) => all.some((e) => e.type === 'practice-held' && e.details?.commandId === hold.commandId));
    h.faults(FAILING, { status: 503 });

    const held = Array.from({ length: 4 }, () => gpMessage(HELD));
    const failing = Array.from({ length: 4 }, () => gpMessage(FAILING));
    const healthy = Array.from({ length: 4 }, () => gpMessage(HEALTHY));
    await h.publish(...held, ...failing, ...healthy);
    for (const message of held) await h.waitForEvent(message.consultationId, 'parked');
    for (const message of failing) await h.waitForEvent(message.consultationId, 'retry-scheduled');
    for (const message of healthy) await h.waitForEvent(message.consultationId, 'delivered');

    // Every partition changes hands: 1's go to 2, then all of 2's to 3.
    await h.stopDelivery(first);
    const third = await start();
    await h.stopDelivery(second);

    // The instance that now owns everything knows the hold it never saw being placed.
    const heldLater = gpMessage(HELD);
    await h.publish(heldLater);
    await h.waitForEvent(heldLater.consultationId, 'parked');
    expect(h.simulator.state.received.list({ practiceOds: HELD })).toEqual([]);

    h.simulator.state.faults.clear(FAILING);
    await h.command(command.release(HELD));
    for (const message of [...held, heldLater, ...failing]) await h.waitForEvent(message.consultationId, 'delivered', 1, 60_000);

    for (const message of [...held, heldLater, ...failing, ...healthy]) {
      const copies = h.simulator.state.received.list({ consultationId: message.consultationId });
      expect(copies, message.practiceOds).toHaveLength(1);
      expect(h.eventsOf(message.consultationId).some((e) => e.type === 'dead-lettered' || e.type === 'needs-fallback')).toBe(false);
    }
    expect(h.simulator.state.received.list({ practiceOds: HELD })).toHaveLength(held.length + 1);
    await h.stopDelivery(third);
  });
});
