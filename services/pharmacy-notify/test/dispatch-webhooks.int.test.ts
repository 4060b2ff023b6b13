import { randomBytes, randomUUID } from 'node:crypto';
import type { PharmacyEvent, PharmacyEventType } from '@firstsync/contracts';
import { PHARMACY_EVENT_TYPES } from '@firstsync/contracts';
import { type KafkaClient, type TopicNames, topicOffsets } from '@firstsync/kafka';
import { encryptSecret, generateSecret } from '@firstsync/standard-webhooks';
import { defined, isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchConfig } from '../src/dispatch/config';
import { createDispatcher, type Dispatcher } from '../src/dispatch/dispatcher';
import { pharmacyEvent } from './dispatch-fixtures';
import { type Received, type Receiver, startReceiver } from './dispatch-receiver';
import { startTestWiring, type TestWiring } from './dispatch-wiring';

const TIMEOUT_MS = 4_000;
// Four attempts 150 / 300 / 300 ms apart (random() = 0.5: no jitter), then the endpoint is disabled.
const SCHEDULE = [0, 150, 300, 300];

async function until(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pharmacyOds = () => `F${randomBytes(2).toString('hex').toUpperCase()}`;
const idsOf = (received: readonly Received[]) => received.map((r) => r.headers['webhook-id']);
const bodyOf = (received: Received) => JSON.parse(received.body) as PharmacyEvent;

describe('webhook dispatcher against the real broker and real receivers', () => {
  let kafka: KafkaClient;
  let topics: TopicNames;
  let prefix: string;
  let wiring: TestWiring;
  let dispatcher: Dispatcher;
  let stopped = false;
  const receivers: Receiver[] = [];
  const secretKey = randomBytes(32);
  const config: DispatchConfig = {
    timeoutMs: TIMEOUT_MS,
    retryScheduleMs: SCHEDULE,
    maxConcurrent: 16,
    maxResponseBytes: 4096,
    urlPolicy: { allowHttp: true, allowPrivate: true, allowCidrs: [] },
    secretKey,
  };

  async function receiver(respond: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
    const started = await startReceiver(respond);
    receivers.push(started);
    return started;
  }

  /** Registers an endpoint the way the API does: encrypted secret, start at the feed's current end. */
  async function createEndpoint(ods: string, url: string, eventTypes: readonly PharmacyEventType[] = PHARMACY_EVENT_TYPES) {
    const endpointId = randomUUID();
    const secret = generateSecret();
    const startAfter = (await topicOffsets(kafka, topics.pharmacyEvents)).map(({ partition, high }) => ({ partition, offset: high }));
    await wiring.endpoints.append({
      kind: 'created',
      endpointId,
      pharmacyOds: ods,
      url,
      eventTypes: [...eventTypes],
      secret: encryptSecret(secret, secretKey),
      startAfter,
      at: new Date().toISOString(),
      actor: 'test-client',
    });
    return { endpointId, secret };
  }

  /** Every request carries a signature the official Standard Webhooks library accepts. */
  function expectSigned(received: readonly Received[], secret: string): void {
    const verifier = new Webhook(secret);
    for (const request of received) {
      const headers = {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      };
      expect(verifier.verify(request.body, headers)).toEqual(JSON.parse(request.body));
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toMatch(/firstsync/);
      expect(bodyOf(request).eventId).toBe(headers['webhook-id']);
    }
  }

  beforeAll(async () => {
    const isolated = await isolatedTopics('notify-dispatch');
    topics = isolated.topics;
    prefix = isolated.prefix;
    kafka = testKafka('notify-dispatch');
    wiring = await startTestWiring(kafka, topics);
    dispatcher = createDispatcher({
      kafka,
      logger: quietLogger,
      topics,
      feed: wiring.feed,
      endpoints: wiring.endpoints,
      attempts: wiring.attempts,
      config,
      groupIdPrefix: prefix,
      random: () => 0.5,
    });
    await dispatcher.start();
  });

  afterAll(async () => {
    if (!stopped) await dispatcher?.stop();
    await wiring?.stop();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('delivers each pharmacy its subscribed events in feed order, signed, and nothing from before it was created', async () => {
    const ods = pharmacyOds();
    const before = pharmacyEvent('consultation.accepted', { pharmacyOds: ods });
    await wiring.publish([before]);
    const all = await receiver((_, response) => response.writeHead(204).end());
    const deliveredOnly = await receiver((_, response) => response.writeHead(200).end('ok'));
    const allEndpoint = await createEndpoint(ods, all.url());
    const deliveredEndpoint = await createEndpoint(ods, deliveredOnly.url(), ['consultation.delivered']);

    const [c1, c2, c3] = [randomUUID(), randomUUID(), randomUUID()];
    const events = [
      pharmacyEvent('consultation.accepted', { pharmacyOds: ods, consultationId: c1 }),
      pharmacyEvent('consultation.accepted', { pharmacyOds: ods, consultationId: c2 }),
      pharmacyEvent('consultation.delivered', { pharmacyOds: ods, consultationId: c1 }),
      pharmacyEvent('consultation.accepted', { pharmacyOds: ods, consultationId: c3 }),
      pharmacyEvent('consultation.delivered', { pharmacyOds: ods, consultationId: c2 }),
      pharmacyEvent('consultation.delivered', { pharmacyOds: ods, consultationId: c3 }),
    ];
    await wiring.publish(events.slice(0, 3));
    await wiring.publish(events.slice(3));

    await until('six deliveries', () => all.received.length >= 6);
    await until('three delivered events', () => deliveredOnly.received.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(idsOf(all.received)).toEqual(events.map((e) => e.eventId));
    expect(idsOf(deliveredOnly.received)).toEqual(events.filter((e) => e.type === 'consultation.delivered').map((e) => e.eventId));
    expect(all.received.map(bodyOf)).toEqual(events);
    expectSigned(all.received, allEndpoint.secret);
    expectSigned(deliveredOnly.received, deliveredEndpoint.secret);
    await until('attempts recorded', () => wiring.attempts.all(allEndpoint.endpointId).length >= 6);
    expect(wiring.attempts.all(allEndpoint.endpointId).map((a) => [a.eventId, a.outcome, a.attempt, a.status])).toEqual(
      events.map((e) => [e.eventId, 'delivered', 1, 204]),
    );
  });

  it('retries a failing event with backoff under the same webhook-id before moving on', async () => {
    const ods = pharmacyOds();
    const flaky = await receiver((_, response, index) => (index < 2 ? response.writeHead(500).end('not now') : response.writeHead(200).end()));
    const { endpointId, secret } = await createEndpoint(ods, flaky.url());
    const events = [pharmacyEvent('consultation.accepted', { pharmacyOds: ods }), pharmacyEvent('consultation.delivered', { pharmacyOds: ods })];
    await wiring.publish(events);

    await until('four requests', () => flaky.received.length >= 4);
    const [first, second] = events.map((e) => e.eventId);
    expect(idsOf(flaky.received)).toEqual([first, first, first, second]);
    const [a, b, c] = flaky.received.map((r) => r.at);
    expect(defined(b, 'second try') - defined(a, 'first try')).toBeGreaterThanOrEqual(SCHEDULE[1] ?? 0);
    expect(defined(c, 'third try') - defined(b, 'second try')).toBeGreaterThanOrEqual(SCHEDULE[2] ?? 0);
    expectSigned(flaky.received, secret);

    await until('attempts recorded', () => wiring.attempts.all(endpointId).length >= 4);
    const attempts = wiring.attempts.all(endpointId);
    expect(attempts.map((x) => [x.eventId, x.attempt, x.outcome, x.error, x.status])).toEqual([
      [first, 1, 'failed', 'http-status', 500],
      [first, 2, 'failed', 'http-status', 500],
      [first, 3, 'delivered', undefined, 200],
      [second, 1, 'delivered', undefined, 200],
    ]);
    expect(attempts[0]?.responseExcerpt).toBe('not now');
    expect(attempts[0]?.nextAttemptAt).toBeDefined();
    expect(attempts[2]?.nextAttemptAt).toBeUndefined();
  });

  it('keeps a healthy endpoint fast while endpoints of other pharmacies fail and hang, and sends no pharmacy another one’s events', async () => {
    const [failingOds, hangingOds, healthyOds] = [pharmacyOds(), pharmacyOds(), pharmacyOds()];
    const failing = await receiver((_, response) => response.writeHead(503).end());
    const hanging = await receiver(() => undefined);
    const healthy = await receiver((_, response) => response.writeHead(204).end());
    await createEndpoint(failingOds, failing.url());
    await createEndpoint(hangingOds, hanging.url());
    await createEndpoint(healthyOds, healthy.url());
    await wiring.publish([
      pharmacyEvent('consultation.accepted', { pharmacyOds: failingOds }),
      pharmacyEvent('consultation.accepted', { pharmacyOds: failingOds }),
      pharmacyEvent('consultation.accepted', { pharmacyOds: hangingOds }),
      pharmacyEvent('consultation.accepted', { pharmacyOds: hangingOds }),
    ]);
    await until('the hanging receiver holds a request', () => hanging.received.length >= 1);
    await until('the failing receiver failed once', () => failing.received.length >= 1);

    const healthyEvents = Array.from({ length: 30 }, () => pharmacyEvent('consultation.accepted', { pharmacyOds: healthyOds }));
    const started = Date.now();
    await wiring.publish(healthyEvents);
    await until('every healthy delivery', () => healthy.received.length >= healthyEvents.length, TIMEOUT_MS);
    const elapsed = Date.now() - started;

    // All 30 arrived, in order, while the hanging request was still hanging.
    expect(elapsed).toBeLessThan(TIMEOUT_MS);
    expect(defined(healthy.received.at(-1), 'last healthy delivery').at).toBeLessThan(defined(hanging.received[0], 'hanging request').at + TIMEOUT_MS);
    expect(idsOf(healthy.received)).toEqual(healthyEvents.map((e) => e.eventId));
    for (const [r, ods] of [
      [failing, failingOds],
      [hanging, hangingOds],
      [healthy, healthyOds],
    ] as const) {
      expect(new Set(r.received.map((request) => bodyOf(request).data.pharmacyOds))).toEqual(new Set([ods]));
    }
  });

  it('disables an endpoint once the schedule is exhausted, with a reason, and resumes from its cursor when enabled', async () => {
    const ods = pharmacyOds();
    let mode: 'ok' | 'fail' = 'ok';
    const target = await receiver((_, response) => (mode === 'ok' ? response.writeHead(204).end() : response.writeHead(503).end()));
    const { endpointId, secret } = await createEndpoint(ods, target.url());
    const [e1, e2, e3, e4] = Array.from({ length: 4 }, () => pharmacyEvent('consultation.accepted', { pharmacyOds: ods }));
    await wiring.publish([defined(e1, 'e1')]);
    await until('the first event delivered', () => target.received.length >= 1);

    mode = 'fail';
    await wiring.publish([defined(e2, 'e2')]);
    await until('the endpoint disabled', () => wiring.endpoints.get(endpointId)?.status === 'disabled');
    const disabled = defined(wiring.endpoints.get(endpointId), 'endpoint');
    expect(disabled.disabledBy).toBe('system');
    expect(disabled.disabledReason).toMatch(/^delivery failed 4 times since \d{4}-\d\d-\d\dT[^;]+; last error: HTTP 503$/);
    expect(target.received).toHaveLength(1 + SCHEDULE.length);

    await wiring.publish([defined(e3, 'e3'), defined(e4, 'e4')]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(target.received).toHaveLength(1 + SCHEDULE.length); // disabled: nothing sent

    mode = 'ok';
    await wiring.endpoints.append({ kind: 'enabled', endpointId, at: new Date().toISOString(), actor: 'test-client' });
    await until('the backlog delivered', () => target.received.length >= 1 + SCHEDULE.length + 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = [e1, e2, e3, e4].map((e) => defined(e, 'event').eventId);
    expect(idsOf(target.received)).toEqual([ids[0], ...SCHEDULE.map(() => ids[1]), ids[1], ids[2], ids[3]]);
    expectSigned(target.received, secret);
    await until('attempts recorded', () => wiring.attempts.all(endpointId).length >= target.received.length);
    // Re-enabled: the event starts a fresh schedule (attempt 1 again), not an instant second disable.
    expect(wiring.attempts.all(endpointId).map((a) => a.attempt)).toEqual([1, 1, 2, 3, 4, 1, 1, 1]);
  });

  it('does not follow redirects and aborts oversized responses, recording why', async () => {
    const redirecting = await receiver((request, response) =>
      request.path === '/hook' ? response.writeHead(302, { location: '/elsewhere' }).end() : response.writeHead(204).end(),
    );
    const streaming = await receiver((_, response) => {
      response.writeHead(200);
      const write = () => !response.destroyed && response.write('y'.repeat(1024), () => setImmediate(write));
      write();
    });
    const redirectOds = pharmacyOds();
    const streamOds = pharmacyOds();
    const redirect = await createEndpoint(redirectOds, redirecting.url());
    const stream = await createEndpoint(streamOds, streaming.url());
    await wiring.publish([
      pharmacyEvent('consultation.accepted', { pharmacyOds: redirectOds }),
      pharmacyEvent('consultation.accepted', { pharmacyOds: streamOds }),
    ]);

    await until('both recorded failures', () => wiring.attempts.all(redirect.endpointId).length >= 2 && wiring.attempts.all(stream.endpointId).length >= 2);
    expect(redirecting.received.every((r) => r.path === '/hook')).toBe(true);
    for (const attempt of wiring.attempts.all(redirect.endpointId)) expect(attempt).toMatchObject({ outcome: 'failed', error: 'redirect', status: 302 });
    for (const attempt of wiring.attempts.all(stream.endpointId)) {
      expect(attempt).toMatchObject({ outcome: 'failed', error: 'response-too-large', status: 200, responseBytes: 4096 });
      expect(attempt.durationMs).toBeLessThan(TIMEOUT_MS);
    }
  });

  it('stops promptly with requests in flight and waits in progress', async () => {
    const hanging = await receiver(() => undefined);
    const ods = pharmacyOds();
    await createEndpoint(ods, hanging.url());
    await wiring.publish([pharmacyEvent('consultation.accepted', { pharmacyOds: ods })]);
    await until('a request in flight', () => hanging.received.length >= 1);
    expect(dispatcher.running().length).toBeGreaterThan(0);
    const started = Date.now();
    stopped = true;
    await dispatcher.stop();
    // Leaving the consumer group is most of it; the hanging request and the retry waits end at once.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
    expect(dispatcher.running()).toEqual([]);
  });
});
