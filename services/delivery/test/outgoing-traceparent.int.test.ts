import { randomBytes } from 'node:crypto';
import type { GpMessage } from '@firstsync/contracts';
import { HEADER } from '@firstsync/kafka';
import { isAllowedSpanAttribute, startTracing, type Tracing } from '@firstsync/tracing';
import { InMemorySpanExporter, type ReadableSpan } from '@firstsync/tracing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryService } from '../src/app';
import { type Harness, startHarness } from './support/harness';
import { gpMessage, realGpMessage } from './support/messages';
import { type RecordingProxy, type SeenRequest, startRecordingProxy } from './support/recording-proxy';

// The simulator's built-in sender mailbox (dev values, see nhs-simulator's NHS_SIDE_DEFAULTS).
const SENDER = { mailboxId: 'X26FS001', password: 'firstsync-simulator-password', sharedKey: 'firstsync-simulator-shared-key' };
const FHIR_PRACTICE = 'Y05101';
const MESH_PRACTICE = 'Y05102';

// Delivery's calls to the GP side carry the consultation's trace: the traceparent a GP system (FHIR
// REST) or MESH receives names the trace of the gp-messages record delivery consumed. The real
// delivery service on the real broker; a recording proxy on loopback in front of the simulator
// shows the headers as the receiving side sees them.
describe('delivery continues the consumed record’s trace on its outgoing HTTP calls (real broker)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let harness: Harness;
  let proxy: RecordingProxy;
  let service: DeliveryService;

  beforeAll(async () => {
    // Before the service is built, as each service's main does.
    tracing = await startTracing({ serviceName: 'delivery-trace-test', exporter, exportEachSpan: true });
    harness = await startHarness('trace-out');
    proxy = await startRecordingProxy(harness.simulatorUrl);
    const practice = await fetch(`${harness.simulatorUrl}/admin/nhs/practices/${MESH_PRACTICE}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(practice.status).toBe(200);
    service = await harness.startDelivery({
      DEFAULT_FHIR_BASE_URL: `${proxy.url}/fhir`,
      PRACTICE_DIRECTORY: JSON.stringify({ practices: { [MESH_PRACTICE]: { transport: 'mesh' } } }),
      MESH_URL: proxy.url,
      MESH_MAILBOX_ID: SENDER.mailboxId,
      MESH_MAILBOX_PASSWORD: SENDER.password,
      MESH_SHARED_KEY: SENDER.sharedKey,
      MESH_POLL_INTERVAL_MS: '100',
    });
  });

  afterAll(async () => {
    if (service) await harness.stopDelivery(service);
    await harness?.close();
    await proxy?.close();
    await tracing?.stop();
  });

  /** Publishes the messages as the mapper would (one send), each with a traceparent of a fresh trace; answers their trace ids. */
  async function publishTraced(...messages: GpMessage[]): Promise<string[]> {
    const traceIds = messages.map(() => randomBytes(16).toString('hex'));
    await harness.producer.send(
      messages.map((message, i) => ({
        topic: harness.topics.gpMessages,
        key: message.practiceOds,
        value: JSON.stringify(message),
        headers: { [HEADER.consultationId]: message.consultationId, [HEADER.traceparent]: `00-${traceIds[i]}-${randomBytes(8).toString('hex')}-01` },
      })),
    );
    return traceIds;
  }

  const traceIdOf = (request: SeenRequest | undefined): string | undefined => {
    const header = request?.headers.traceparent;
    return typeof header === 'string' ? /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(header)?.[1] : undefined;
  };

  it('FHIR REST: each GP call carries the trace of its own record, also when records of several traces share a batch', async () => {
    // One send to one practice: the records usually arrive in one batch, whose span belongs to none of their traces.
    const messages = [gpMessage(FHIR_PRACTICE), gpMessage(FHIR_PRACTICE), gpMessage(FHIR_PRACTICE)];
    const traceIds = await publishTraced(...messages);
    for (const message of messages) await harness.waitForEvent(message.consultationId, 'delivered');
    const spans = exporter.getFinishedSpans();
    messages.forEach((message, i) => {
      const posts = proxy.seen.filter((r) => r.method === 'POST' && r.headers[HEADER.consultationId] === message.consultationId);
      expect(posts).toHaveLength(1);
      expect(traceIdOf(posts[0])).toBe(traceIds[i]);
      // Delivery's client span is the parent the receiver is told about.
      const client = spans.find((s) => s.name === 'POST $process-message' && s.spanContext().traceId === traceIds[i]);
      expect(String(posts[0]?.headers.traceparent)).toContain(client?.spanContext().spanId ?? 'no client span');
      expect(client?.attributes['http.response.status_code']).toBe(200);
    });
  });

  it('MESH: the upload carries the consultation’s trace; inbox polls, outside any consultation, carry none', async () => {
    const message = realGpMessage(MESH_PRACTICE, SENDER.mailboxId);
    const [traceId] = await publishTraced(message);
    await harness.waitForEvent(message.consultationId, 'sent');
    const uploads = proxy.seen.filter((r) => r.method === 'POST' && r.path === `/messageexchange/${SENDER.mailboxId}/outbox`);
    expect(uploads).toHaveLength(1);
    expect(traceIdOf(uploads[0])).toBe(traceId);
    const polls = proxy.seen.filter((r) => r.method === 'GET' && r.path.startsWith(`/messageexchange/${SENDER.mailboxId}/inbox`));
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.filter((r) => r.headers.traceparent !== undefined)).toEqual([]);

    // No PII in what is exported: allow-listed attribute names only, and no patient value anywhere.
    const spans: readonly ReadableSpan[] = exporter.getFinishedSpans();
    expect(spans.some((s) => s.name === 'MESH send' && s.spanContext().traceId === traceId)).toBe(true);
    for (const span of spans) for (const name of Object.keys(span.attributes)) expect(isAllowedSpanAttribute(name), name).toBe(true);
    const exported = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
    for (const value of Object.values(message.meshRouting)) expect(exported).not.toContain(value);
  });
});
