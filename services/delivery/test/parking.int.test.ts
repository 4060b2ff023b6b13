import { randomUUID } from 'node:crypto';
import { readTopic, type TopicReader } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParkedValue } from '../src/engine/delivery-work';
import { type Harness, startHarness } from './support/harness';
import { command, gpMessage } from './support/messages';

describe('delivery: held practices and practices without a route are parked, never dropped', () => {
  let h: Harness;
  let parked: TopicReader<ParkedValue>;

  beforeAll(async () => {
    h = await startHarness('dlv-park');
    parked = await readTopic<ParkedValue>(h.topics.deliveryParked);
  });
  afterAll(async () => {
    await parked?.close();
    await h?.close();
  });

  it('parks a held practice and delivers its messages once it is released', async () => {
    const service = await h.startDelivery();
    const hold = command.hold('D40004');
    await h.command(hold);
    await h.events.waitFor((all) => all.some((e) => e.type === 'practice-held' && e.details?.commandId === hold.commandId));
    expect(h.events.values.find((e) => e.type === 'practice-held')).toMatchObject({
      practiceOds: 'D40004',
      actor: 'ops.tester@example.nhs.uk',
      reason: 'integration test',
    });

    const held = [gpMessage('D40004'), gpMessage('D40004')];
    const other = gpMessage('D40005');
    await h.publish(...held, other);
    for (const message of held) await h.waitForEvent(message.consultationId, 'parked');
    await h.waitForEvent(other.consultationId, 'delivered');
    expect(h.eventsOf(defined(held[0], 'a held message').consultationId)[0]).toMatchObject({ type: 'parked', code: 'held' });
    expect(h.simulator.state.received.list({ practiceOds: 'D40004' })).toEqual([]);

    const release = command.release('D40004');
    await h.command(release);
    for (const message of held) await h.waitForEvent(message.consultationId, 'delivered');
    expect(h.events.values.find((e) => e.type === 'practice-released' && e.details?.commandId === release.commandId)).toMatchObject({
      practiceOds: 'D40004',
      details: { requeued: 2 },
    });
    for (const message of held)
      expect(h.simulator.state.received.find('D40004', message.identifiers.bundleIdentifier)?.consultationId).toBe(message.consultationId);
    await h.stopDelivery(service);
  });

  it('parks a practice with no route; a release re-parks it while there is still none; a configuration change delivers it', async () => {
    const groupId = `delivery-${randomUUID()}`;
    const noDefault = {
      KAFKA_GROUP_ID: groupId,
      PRACTICE_DIRECTORY: JSON.stringify({
        default: null,
        practices: { E50005: { transport: 'fhir-rest', fhirBaseUrl: `${h.simulatorUrl}/fhir/{practiceOds}` } },
      }),
    };
    const first = await h.startDelivery(noDefault);
    const unknown = gpMessage('E50006');
    const known = gpMessage('E50005');
    await h.publish(unknown, known);
    await h.waitForEvent(unknown.consultationId, 'parked');
    await h.waitForEvent(known.consultationId, 'delivered');
    expect(h.eventsOf(unknown.consultationId)[0]).toMatchObject({ type: 'parked', code: 'unknown-practice', practiceOds: 'E50006' });
    const stored = await parked.waitFor((all) => all.some((p) => p.gpMessage.consultationId === unknown.consultationId));
    expect(stored.find((p) => p.gpMessage.consultationId === unknown.consultationId)).toMatchObject({ reason: 'unknown-practice', gpMessage: unknown });

    await h.command(command.release('E50006'));
    await h.waitForEvent(unknown.consultationId, 'parked', 2);
    await h.stopDelivery(first);
    expect(h.simulator.state.received.list({ practiceOds: 'E50006' })).toEqual([]);

    // The operator adds the practice to the directory and restarts: parked messages that now have a route go out.
    const withPractice = {
      KAFKA_GROUP_ID: groupId,
      PRACTICE_DIRECTORY: JSON.stringify({
        default: null,
        practices: { E50006: { transport: 'fhir-rest', fhirBaseUrl: `${h.simulatorUrl}/fhir/{practiceOds}` } },
      }),
    };
    await h.startDelivery(withPractice);
    await h.waitForEvent(unknown.consultationId, 'delivered');
    expect(h.simulator.state.received.find('E50006', unknown.identifiers.bundleIdentifier)?.consultationId).toBe(unknown.consultationId);
  });
});
