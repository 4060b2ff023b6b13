import {
  type ConsultationEvent,
  consultationEventSchema,
  type PipelineEvent,
  PROBLEM_CONTENT_TYPE,
  pipelineEventSchema,
  problemSchema,
} from '@firstsync/contracts';
import { HEADER, type IncomingRecord } from '@firstsync/kafka';
import { readTopic } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultationOf, FIXED_NOW, json, PHARMACY_A, PHARMACY_B, postConsultation, type RunningIngest, startIngest } from './support/ingest-harness';

interface Seen {
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
}
const asSeen = (record: IncomingRecord): Seen => ({ key: record.key, headers: record.headers, value: JSON.parse(String(record.value)) });

describe('POST /v1/consultations (real Kafka)', () => {
  let ingest: RunningIngest;
  let consultations: Awaited<ReturnType<typeof readTopic<Seen>>>;
  let pipeline: Awaited<ReturnType<typeof readTopic<Seen>>>;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'ingest-submit' });
    consultations = await readTopic<Seen>(ingest.topics.consultations, asSeen);
    pipeline = await readTopic<Seen>(ingest.topics.pipelineEvents, asSeen);
  });
  afterAll(async () => {
    await Promise.all([consultations?.close(), pipeline?.close()]);
    await ingest?.stop();
  });

  const eventsFor = (id: string) => consultations.values.filter((r) => r.key === id);
  const versionsOf = (id: string) => eventsFor(id).map((r) => consultationEventSchema.parse(r.value).consultation.version);

  /**
   * Records of one key share a partition and keep their order, so once an amendment sent after the
   * answers has been read, any duplicate of version 1 would have been read before it.
   */
  async function expectSingleVersion1Event(body: { consultationId?: string }): Promise<void> {
    const id = String(body.consultationId);
    expect((await postConsultation(ingest.app, { ...body, version: 2 })).statusCode).toBe(202);
    await consultations.waitFor(() => versionsOf(id).includes(2), 30_000);
    expect(versionsOf(id)).toEqual([1, 2]);
  }

  it('answers 202 once the event is in Kafka, keyed by consultationId with envelope and tracing headers', async () => {
    const body = consultationOf();
    const response = await ingest.app.inject({
      method: 'POST',
      url: '/v1/consultations',
      headers: { authorization: `Bearer ${PHARMACY_A.key}`, 'x-correlation-id': 'corr-submit-0001' },
      payload: body,
    });
    expect(response.statusCode).toBe(202);
    expect(json(response)).toEqual({
      consultationId: body.consultationId,
      version: 1,
      status: 'accepted',
      statusUrl: `http://ingest.test/v1/consultations/${body.consultationId}`,
      warnings: [],
    });
    expect(response.headers['x-correlation-id']).toBe('corr-submit-0001');

    const [record] = await consultations.waitFor((v) => v.some((r) => r.key === body.consultationId), 30_000).then(() => eventsFor(body.consultationId));
    const event: ConsultationEvent = consultationEventSchema.parse(record?.value);
    expect(event.envelope).toEqual({
      schemaVersion: 1,
      receivedAt: FIXED_NOW.toISOString(),
      pharmacyOds: PHARMACY_A.ods,
      correlationId: 'corr-submit-0001',
      warnings: [],
    });
    // Stored normalised: NHS number without the spaces the fixture sends.
    expect(event.consultation.patient.nhsNumber).toBe('9434765919');
    expect(event.consultation.consultationId).toBe(body.consultationId);
    expect(record?.headers).toMatchObject({
      [HEADER.correlationId]: 'corr-submit-0001',
      [HEADER.consultationId]: body.consultationId,
      [HEADER.schema]: 'consultation-event.v1',
      [HEADER.producedBy]: 'ingest',
    });

    await pipeline.waitFor((v) => v.some((r) => r.key === body.consultationId), 30_000);
    const received: PipelineEvent = pipelineEventSchema.parse(pipeline.values.find((r) => r.key === body.consultationId)?.value);
    expect(received).toMatchObject({
      type: 'received',
      source: 'ingest',
      consultationId: body.consultationId,
      pharmacyOds: PHARMACY_A.ods,
      practiceOds: 'A81001',
    });
    // The pipeline event is PII-free.
    expect(JSON.stringify(received)).not.toContain('9434765919');
  });

  it('answers an identical re-submission with the original result and publishes nothing new', async () => {
    const body = consultationOf();
    const first = await postConsultation(ingest.app, body);
    // Same content, other key order and NHS number spacing: still the same consultation.
    const reordered = { ...body, patient: { ...body.patient, nhsNumber: '9434765919' } };
    const second = await postConsultation(ingest.app, Object.fromEntries(Object.entries(reordered).reverse()));
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(json(second)).toEqual(json(first));
    expect(second.headers['idempotent-replayed']).toBe('true');

    await expectSingleVersion1Event(body);
  });

  it('publishes exactly one event for two concurrent identical POSTs', async () => {
    const body = consultationOf();
    const [a, b] = await Promise.all([postConsultation(ingest.app, body), postConsultation(ingest.app, body)]);
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(json(a)).toEqual(json(b));
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter((h) => h === 'true')).toHaveLength(1);

    await expectSingleVersion1Event(body);
  });

  it('answers 409 for the same id and version with different content, and publishes nothing', async () => {
    const body = consultationOf();
    expect((await postConsultation(ingest.app, body)).statusCode).toBe(202);
    const changed = { ...body, notes: { ...body.notes, clinicalSummary: 'A different summary.' } };
    const conflict = await postConsultation(ingest.app, changed);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(problemSchema.parse(json(conflict))).toMatchObject({ status: 409, errors: [{ path: 'version' }] });
    expect(conflict.body).not.toContain('A different summary');
    await expectSingleVersion1Event(body);
  });

  it('accepts a higher version as an amendment and refuses a lower one with 409', async () => {
    const body = consultationOf();
    expect((await postConsultation(ingest.app, { ...body, version: 2 })).statusCode).toBe(202);
    const amended = await postConsultation(ingest.app, { ...body, version: 3, outcome: 'referred-to-gp' });
    expect(amended.statusCode).toBe(202);
    expect(json(amended)).toMatchObject({ consultationId: body.consultationId, version: 3 });
    const stale = await postConsultation(ingest.app, { ...body, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ type: 'urn:firstsync:problem:stale-version', status: 409 });

    await consultations.waitFor((v) => v.filter((r) => r.key === body.consultationId).length >= 2, 30_000);
    expect(versionsOf(body.consultationId)).toEqual([2, 3]);
    await pipeline.waitFor((v) => v.filter((r) => r.key === body.consultationId).length >= 2, 30_000);
    const amendmentFlags = pipeline.values.filter((r) => r.key === body.consultationId).map((r) => pipelineEventSchema.parse(r.value).details?.amendment);
    expect(amendmentFlags).toEqual([false, true]);
  });

  it("answers 403 when the body names another pharmacy than the key, and 403 when amending another pharmacy's consultation", async () => {
    const other = consultationOf(PHARMACY_B.ods);
    const wrongPharmacy = await postConsultation(ingest.app, other, PHARMACY_A.key);
    expect(wrongPharmacy.statusCode).toBe(403);
    expect(json(wrongPharmacy)).toMatchObject({ status: 403, errors: [{ path: 'pharmacy.odsCode' }] });

    const mine = consultationOf(PHARMACY_A.ods);
    expect((await postConsultation(ingest.app, mine)).statusCode).toBe(202);
    const hijack = await postConsultation(ingest.app, { ...mine, version: 2, pharmacy: { ...mine.pharmacy, odsCode: PHARMACY_B.ods } }, PHARMACY_B.key);
    expect(hijack.statusCode).toBe(403);
  });

  it('returns eligibility warnings in the 202 and carries them in the envelope', async () => {
    // Sore-throat pathway is for ages 5+: a 3-year-old is accepted with a warning.
    const base = consultationOf();
    const body = { ...base, patient: { ...base.patient, birthDate: '2023-01-15' } };
    const response = await postConsultation(ingest.app, body);
    expect(response.statusCode).toBe(202);
    const warnings = json<{ warnings: { code: string }[] }>(response).warnings;
    expect(warnings.length).toBeGreaterThan(0);
    await consultations.waitFor((v) => v.some((r) => r.key === body.consultationId), 30_000);
    const event = consultationEventSchema.parse(eventsFor(body.consultationId)[0]?.value);
    expect(event.envelope.warnings).toEqual(warnings);
  });

  it('returns plausibility warnings in the 202 and names their codes, never their context, on the received event', async () => {
    // An adult's temperature of 39.5 Cel is in NEWS2's top band: accepted, with a warning to check it.
    const base = consultationOf();
    const body = { ...base, patient: { ...base.patient, birthDate: '1980-01-01' }, observations: [{ kind: 'temperature', value: 39.5 }] };
    const response = await postConsultation(ingest.app, body);
    expect(response.statusCode).toBe(202);
    const warnings = json<{ warnings: { code: string; path?: string }[] }>(response).warnings;
    expect(warnings.map((w) => [w.code, w.path])).toEqual([['temperature-extreme', 'observations.0.value']]);
    await pipeline.waitFor((v) => v.some((r) => r.key === body.consultationId), 30_000);
    const received = pipeline.values.filter((r) => r.key === body.consultationId).map((r) => pipelineEventSchema.parse(r.value));
    expect(received.map((e) => [e.type, e.details?.warnings, e.details?.warningCodes])).toEqual([['received', 1, 'temperature-extreme']]);
  });

  it('a restarted instance rebuilds what was accepted from Kafka: replay, conflict and status still hold', async () => {
    const body = consultationOf();
    expect((await postConsultation(ingest.app, body)).statusCode).toBe(202);
    const restarted = await startIngest({
      label: 'ingest-submit-restart',
      topics: { prefix: topicPrefix(ingest.topics.consultations), topics: ingest.topics },
    });
    try {
      const replay = await postConsultation(restarted.app, body);
      expect(replay.statusCode).toBe(202);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect((await postConsultation(restarted.app, { ...body, outcome: 'signposted' })).statusCode).toBe(409);
      const status = await restarted.app.inject({
        method: 'GET',
        url: `/v1/consultations/${String(body.consultationId)}`,
        headers: { authorization: `Bearer ${PHARMACY_B.key}` },
      });
      expect(status.statusCode).toBe(403);
    } finally {
      await restarted.stop();
    }
    await expectSingleVersion1Event(body);
  });
});

/** The namespace prefix isolatedTopics() put in front of the topic names. */
function topicPrefix(consultationsTopic: string): string {
  return consultationsTopic.slice(0, consultationsTopic.length - 'consultations.v1'.length);
}
