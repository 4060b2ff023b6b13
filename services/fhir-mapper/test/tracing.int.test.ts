import { randomUUID } from 'node:crypto';
import { HEADER, type IncomingRecord } from '@firstsync/kafka';
import { isolatedTopics, quietLogger, readTopic, testBrokers, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { isAllowedSpanAttribute, startTracing, type Tracing } from '@firstsync/tracing';
import { InMemorySpanExporter, type ReadableSpan } from '@firstsync/tracing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultationOf, PHARMACY_A, type RunningIngest, startIngest } from '../../ingest/test/support/ingest-harness';
import { buildFhirMapper, type FhirMapperService } from '../src/app';
import { fhirMapperConfigSchema } from '../src/config';

// One consultation followed across ingest -> Kafka -> fhir-mapper by the W3C traceparent header:
// both apps built in this process (their build functions, the real broker, real HTTP on loopback),
// every span exported through an in-memory exporter.
describe('OpenTelemetry trace across ingest and fhir-mapper (real broker)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let ingest: RunningIngest;
  let mapper: FhirMapperService;
  let baseUrl: string;

  beforeAll(async () => {
    // Before the apps are built: that is when they decide to add spans (as each service's main does).
    tracing = await startTracing({ serviceName: 'trace-test', exporter, exportEachSpan: true });
    const isolated = await isolatedTopics('trace');
    ingest = await startIngest({ label: 'trace', topics: isolated });
    baseUrl = await ingest.app.listen({ host: '127.0.0.1', port: 0 });
    const config = fhirMapperConfigSchema.parse({
      KAFKA_BROKERS: testBrokers(),
      KAFKA_TOPIC_PREFIX: isolated.prefix,
      KAFKA_GROUP_ID: `mapper-trace-${randomUUID()}`,
      PORT: '0',
    });
    mapper = buildFhirMapper({ config, logger: quietLogger, kafka: testKafka('mapper-trace') });
    await mapper.start();
  });

  afterAll(async () => {
    await mapper?.stop();
    await ingest?.stop();
    await tracing?.stop();
  });

  it('keeps one trace id from the incoming traceparent to the GP message, with ids-only attributes', async () => {
    const traceId = randomUUID().replaceAll('-', '');
    const body = consultationOf(PHARMACY_A.ods);
    const response = await fetch(`${baseUrl}/v1/consultations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PHARMACY_A.key}`, 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);

    const gpMessages = await readTopic<IncomingRecord>(ingest.topics.gpMessages, (record) => record);
    try {
      const [gpMessage] = (await gpMessages.waitFor((records) => records.some((r) => r.key !== null))).filter(
        (r) => r.headers[HEADER.consultationId] === body.consultationId,
      );
      expect(defined(gpMessage, 'the GP message of the consultation').headers[HEADER.traceparent]).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    } finally {
      await gpMessages.close();
    }

    const spans = await spansWhen((all) => all.some((s) => s.name === `${ingest.topics.gpMessages} send`));
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const names = inTrace.map((s) => s.name);
    expect(names).toContain('POST /v1/consultations');
    expect(names).toContain(`${ingest.topics.consultations} send`);
    expect(names).toContain(`${ingest.topics.gpMessages} send`);
    // The mapper's hop: its send is the child of ingest's send span (the record's traceparent).
    const ingestSend = defined(
      inTrace.find((s) => s.name === `${ingest.topics.consultations} send`),
      'ingest send span',
    );
    const mapperSend = defined(
      inTrace.find((s) => s.name === `${ingest.topics.gpMessages} send`),
      'mapper send span',
    );
    expect(mapperSend.parentSpanContext?.spanId).toBe(ingestSend.spanContext().spanId);
    expect(mapperSend.attributes['firstsync.consultation_id']).toBe(body.consultationId);
    // The consumed batch is the record's child, or links to it when it shared a batch with other traces.
    const processed = spans.filter((s) => s.name === `${ingest.topics.consultations} process`);
    expect(processed.some((s) => s.spanContext().traceId === traceId || s.links.some((link) => link.context.traceId === traceId))).toBe(true);

    // No PII: only the allow-listed attribute names, and no patient value anywhere in what is exported.
    for (const span of spans) for (const name of Object.keys(span.attributes)) expect(isAllowedSpanAttribute(name), name).toBe(true);
    const exported = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
    for (const value of patientValues(body.patient)) expect(exported).not.toContain(value);
    expect(exported).not.toContain(body.notes.clinicalSummary);
  });

  async function spansWhen(predicate: (spans: readonly ReadableSpan[]) => boolean): Promise<readonly ReadableSpan[]> {
    const deadline = Date.now() + 15_000;
    while (!predicate(exporter.getFinishedSpans())) {
      if (Date.now() > deadline)
        throw new Error(
          `spans seen: ${exporter
            .getFinishedSpans()
            .map((s) => s.name)
            .join(', ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return exporter.getFinishedSpans();
  }
});

/** Every string of the patient (NHS number, names, birth date, postcode), the practice's ODS code aside. */
function patientValues(patient: object): string[] {
  const { registeredPractice: _practice, ...person } = patient as Record<string, unknown>;
  const values: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(person);
  return values.filter((value) => value.length >= 4);
}
