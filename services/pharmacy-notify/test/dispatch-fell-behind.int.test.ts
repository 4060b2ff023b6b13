import { randomBytes, randomUUID } from 'node:crypto';
import { PHARMACY_EVENT_TYPES } from '@firstsync/contracts';
import { topicOffsets } from '@firstsync/kafka';
import { encryptSecret, generateSecret } from '@firstsync/standard-webhooks';
import { defined, isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../src/dispatch/dispatcher';
import { pharmacyEvent } from './dispatch-fixtures';
import { type Receiver, startReceiver } from './dispatch-receiver';
import { startTestWiring, type TestWiring } from './dispatch-wiring';

async function until(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The feed keeps a bounded number of events per pharmacy. An endpoint that falls behind it must
// never have the dropped events skipped silently: it is disabled with the reason, and its owner's
// enable (which accepts the gap, as the API's enable route records it) carries on from the oldest kept.
describe('an endpoint that falls behind the events kept', () => {
  let wiring: TestWiring | undefined;
  let dispatcher: Dispatcher | undefined;
  let target: Receiver | undefined;

  afterAll(async () => {
    await dispatcher?.stop();
    await wiring?.stop();
    await target?.close();
  });

  it('is disabled with the reason, never skipping silently, and carries on from the oldest kept once its owner enables it', async () => {
    const { topics, prefix } = await isolatedTopics('notify-behind');
    const kafka = testKafka('notify-behind');
    const started = await startTestWiring(kafka, topics, 3);
    wiring = started;
    const secretKey = randomBytes(32);
    let failing = true;
    const receiver = await startReceiver((_, response) => (failing ? response.writeHead(503).end() : response.writeHead(204).end()));
    target = receiver;
    dispatcher = createDispatcher({
      kafka,
      logger: quietLogger,
      topics,
      feed: started.feed,
      endpoints: started.endpoints,
      attempts: started.attempts,
      // Long enough between tries for the feed to move on past the failing event.
      config: {
        timeoutMs: 4_000,
        retryScheduleMs: [0, 1_500, 1_500, 1_500],
        maxConcurrent: 4,
        maxResponseBytes: 4096,
        urlPolicy: { allowHttp: true, allowPrivate: true, allowCidrs: [] },
        secretKey,
      },
      groupIdPrefix: prefix,
      random: () => 0.5,
    });
    await dispatcher.start();

    const ods = `F${randomBytes(2).toString('hex').toUpperCase()}`;
    const endpointId = randomUUID();
    await started.endpoints.append({
      kind: 'created',
      endpointId,
      pharmacyOds: ods,
      url: receiver.url(),
      eventTypes: [...PHARMACY_EVENT_TYPES],
      secret: encryptSecret(generateSecret(), secretKey),
      startAfter: (await topicOffsets(kafka, topics.pharmacyEvents)).map(({ partition, high }) => ({ partition, offset: high })),
      at: new Date().toISOString(),
      actor: 'test-client',
    });
    const events = Array.from({ length: 6 }, () => pharmacyEvent('consultation.rejected', { pharmacyOds: ods }));
    await started.publish(events.slice(0, 1));
    await until('the first attempt', () => receiver.received.length >= 1);
    // Five more (in steps the bounded feed can show whole): the feed keeps the last three.
    await started.publish(events.slice(1, 4));
    await started.publish(events.slice(4));

    await until('the endpoint disabled', () => started.endpoints.get(endpointId)?.status === 'disabled');
    const disabled = defined(started.endpoints.get(endpointId), 'endpoint');
    expect(disabled.disabledBy).toBe('system');
    expect(disabled.disabledReason).toMatch(/^fell behind: events from feed offset \d+ on are no longer kept/);
    // Nothing after the failing event was sent: a gap is never skipped silently.
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([defined(events[0], 'first').eventId]));

    failing = false;
    const oldest = defined(started.feed.oldest(ods), 'oldest kept');
    await started.endpoints.append({
      kind: 'enabled',
      endpointId,
      at: new Date().toISOString(),
      actor: 'test-client',
      resumeAfter: { partition: oldest.partition, offset: (oldest.offset - 1n).toString() },
    });
    await until('the kept events delivered', () => receiver.received.length >= 1 + 3 - 1 + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const delivered = receiver.received.filter((_, index) => index >= receiver.received.findIndex((r) => r.headers['webhook-id'] !== events[0]?.eventId));
    expect(delivered.map((r) => r.headers['webhook-id'])).toEqual(events.slice(3).map((e) => e.eventId));
  });
});
