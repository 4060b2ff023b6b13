import type { PipelineEvent } from '@firstsync/contracts';
import { createHttpTransport, createMeshClient, MEX, type MeshTransport } from '@firstsync/mesh';
import { quietLogger, readTopic, type TopicReader, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildDelivery, type DeliveryService } from '../src/app';
import type { DeadLetterValue } from '../src/engine/delivery-work';
import { createMeshDelivery, meshEnv } from '../src/transport/mesh';
import { type Harness, startHarness } from './support/harness';
import { realGpMessage } from './support/messages';

// The simulator's built-in sender mailbox (dev values, see nhs-simulator's NHS_SIDE_DEFAULTS).
const SENDER = { mailboxId: 'X26FS001', password: 'firstsync-simulator-password', sharedKey: 'firstsync-simulator-shared-key' };
const PRACTICE = 'Y18201';
/** What issue #18 saw reach `mex-subject`: a curly apostrophe (U+2019) Node refuses in a header. */
const UNSENDABLE_SUBJECT = 'Pharmacy First consultation - O’SULLIVAN, Siobhan - NHS 9434765919';

/**
 * Issue #18 point 2, as it was reported: messages of one practice fail inside delivery before any
 * byte leaves (Node refuses a header value), and a clean consultation for the same practice must
 * still go at once. The fault is injected where Node raises it (the real node:http request), for
 * chosen messages, so the test keeps exercising that path whatever the subject encoding becomes.
 */
describe('delivery: a message that cannot be sent is its own fault, not the practice’s (real broker, MESH)', () => {
  let harness: Harness;
  let service: DeliveryService;
  let deadLetters: TopicReader<DeadLetterValue>;
  const unsendable = new Set<string>();
  let http: ReturnType<typeof createHttpTransport>;

  beforeAll(async () => {
    harness = await startHarness('dlv-msgfault');
    deadLetters = await readTopic<DeadLetterValue>(harness.topics.deliveryDeadLetter);
    http = createHttpTransport();
    const faulty: MeshTransport = (request) => {
      const localId = request.headers[MEX.localId];
      const headers = localId !== undefined && unsendable.has(localId) ? { ...request.headers, [MEX.subject]: UNSENDABLE_SUBJECT } : request.headers;
      return http.transport({ ...request, headers });
    };
    const client = createMeshClient({ baseUrl: harness.simulatorUrl, credentials: SENDER, timeoutMs: 5_000, transport: faulty });
    const env = z.object(meshEnv).parse({ MESH_URL: harness.simulatorUrl, MESH_POLL_INTERVAL_MS: '200' });
    const publish = async (events: PipelineEvent[]) => {
      await harness.producer.send(
        events.map((event) => ({ topic: harness.topics.pipelineEvents, key: event.consultationId ?? null, value: JSON.stringify(event) })),
      );
    };
    const mesh = defined(createMeshDelivery({ env, logger: quietLogger, publish, client }), 'the MESH delivery (MESH_URL is set)');
    // Threshold 3 and a 10-minute cool-down: had the faults counted, the breaker would be open and
    // the clean consultation held far beyond this test's wait.
    const config = harness.config({
      PRACTICE_DIRECTORY: JSON.stringify({ default: null, practices: { [PRACTICE]: { transport: 'mesh' } } }),
      BREAKER_FAILURE_THRESHOLD: '3',
      BREAKER_COOL_DOWN_MS: '600000',
    });
    service = buildDelivery({ config, logger: quietLogger, kafka: testKafka('dlv-msgfault-service'), transports: [mesh.transport] });
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    await deadLetters?.close();
    await harness?.close();
    http?.close();
  });

  it('dead-letters each unsendable message at once with its reason, keeps the breaker closed and sends the clean one at once', async () => {
    const broken = Array.from({ length: 5 }, () => realGpMessage(PRACTICE, SENDER.mailboxId));
    for (const message of broken) unsendable.add(message.identifiers.bundleIdentifier);
    await harness.publish(...broken);
    // Each broken message has had its first outcome (old behaviour: a retry; now: the dead letter).
    await harness.events.waitFor(
      () => broken.every((m) => harness.eventsOf(m.consultationId).some((e) => e.type === 'dead-lettered' || e.type === 'retry-scheduled')),
      20_000,
    );

    const clean = realGpMessage(PRACTICE, SENDER.mailboxId);
    const publishedAt = Date.now();
    await harness.publish(clean);
    await harness.waitForEvent(clean.consultationId, 'sent', 1, 10_000);
    const tookMs = Date.now() - publishedAt;
    console.log(`[message-fault] clean consultation sent ${tookMs} ms after publishing, behind ${broken.length} unsendable ones`);

    const sent = harness.eventsOf(clean.consultationId).find((e) => e.type === 'sent');
    expect(sent).toMatchObject({ code: 'mesh-accepted', attempt: 1, details: { circuit: 'closed' } });
    expect(harness.eventsOf(clean.consultationId).some((e) => e.type === 'retry-scheduled')).toBe(false);
    // The breaker never opened for the practice: no event about it says so.
    const practiceEvents = harness.events.values.filter((e) => e.practiceOds === PRACTICE);
    expect(practiceEvents.filter((e) => e.details?.circuit === 'open' || e.code === 'circuit-open')).toEqual([]);

    await deadLetters.waitFor((all) => broken.every((m) => all.some((d) => d.gpMessage?.consultationId === m.consultationId)), 10_000);
    for (const message of broken) {
      // Nothing left for MESH: no `sent`, no retry; one dead letter naming the header, never its value.
      expect(harness.eventsOf(message.consultationId).map((e) => [e.type, e.code])).toEqual([['dead-lettered', 'unencodable-header']]);
      const dead = harness.eventsOf(message.consultationId)[0];
      expect(dead).toMatchObject({ transport: 'mesh', attempt: 1, details: { disposition: 'message-fault', attempts: 1 } });
      expect(dead?.message).toContain('mex-subject');
      const letter = deadLetters.values.find((d) => d.gpMessage?.consultationId === message.consultationId);
      expect(letter).toMatchObject({ disposition: 'dead-lettered', reason: { code: 'unencodable-header' } });
      expect(letter?.attempts.map((a) => [a.outcome, a.code])).toEqual([['message-fault', 'unencodable-header']]);
      expect(JSON.stringify([letter?.reason, harness.eventsOf(message.consultationId)])).not.toMatch(/SULLIVAN|9434765919/i);
    }
  });
});
