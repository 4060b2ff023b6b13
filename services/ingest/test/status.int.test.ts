import { createPipelineEvent, type PipelineEvent } from '@firstsync/contracts';
import { createRecordProducer, type RecordProducer } from '@firstsync/kafka';
import { quietLogger, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, consultationOf, json, PHARMACY_A, PHARMACY_B, postConsultation, type RunningIngest, startIngest } from './support/ingest-harness';

interface StatusBody {
  consultationId: string;
  version: number;
  state: string;
  statusUrl: string;
  timeline: { type: string; source: string; code?: string }[];
}

describe('GET /v1/consultations/{id} (timeline from pipeline.events.v1)', () => {
  let ingest: RunningIngest;
  let producer: RecordProducer;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'ingest-status' });
    producer = createRecordProducer(testKafka('ingest-status-test'), quietLogger);
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await ingest?.stop();
  });

  const publish = (events: PipelineEvent[]) =>
    producer.send(events.map((event) => ({ topic: ingest.topics.pipelineEvents, key: event.consultationId ?? null, value: JSON.stringify(event) })));

  const getStatus = (id: string, key: string = PHARMACY_A.key) => ingest.app.inject({ method: 'GET', url: `/v1/consultations/${id}`, headers: auth(key) });

  async function waitForState(id: string, state: string): Promise<StatusBody> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const body = json<StatusBody>(await getStatus(id));
      if (body.state === state || Date.now() > deadline) return body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('shows received at once, then the delivery states other stages publish, in order', async () => {
    const body = consultationOf();
    const id = String(body.consultationId);
    expect((await postConsultation(ingest.app, body)).statusCode).toBe(202);

    // Read-your-writes: the 202 is enough for the status to exist.
    const first = await getStatus(id);
    expect(first.statusCode).toBe(200);
    expect(json<StatusBody>(first)).toMatchObject({
      consultationId: id,
      version: 1,
      state: 'received',
      statusUrl: `http://ingest.test/v1/consultations/${id}`,
    });

    const common = { consultationId: id, version: 1, pharmacyOds: PHARMACY_A.ods, practiceOds: 'A81001' };
    await publish([
      createPipelineEvent({ ...common, type: 'mapped', source: 'fhir-mapper' }),
      createPipelineEvent({ ...common, type: 'sent', source: 'delivery', transport: 'mesh', attempt: 1 }),
      // Operator audit events are not shown to the pharmacy.
      createPipelineEvent({ ...common, type: 'revealed', source: 'dashboard', actor: 'ops-user', reason: 'support call' }),
      createPipelineEvent({ ...common, type: 'bus-ack', source: 'delivery', transport: 'mesh', code: '30001' }),
      // A late infrastructure ack must not move the state back from delivered.
      createPipelineEvent({ ...common, type: 'inf-ack', source: 'delivery', transport: 'mesh', code: '20013' }),
    ]);

    const status = await waitForState(id, 'delivered');
    expect(status.state).toBe('delivered');
    await waitForTimelineLength(id, 5);
    const final = json<StatusBody>(await getStatus(id));
    expect(final.timeline.map((e) => e.type)).toEqual(['received', 'mapped', 'sent', 'bus-ack', 'inf-ack']);
    expect(final.state).toBe('delivered');
    expect(JSON.stringify(final)).not.toContain('ops-user');
  });

  async function waitForTimelineLength(id: string, length: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (json<StatusBody>(await getStatus(id)).timeline.length < length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }

  it('reports failure and fallback states', async () => {
    const body = consultationOf();
    const id = String(body.consultationId);
    expect((await postConsultation(ingest.app, body)).statusCode).toBe(202);
    const common = { consultationId: id, version: 1 };
    await publish([
      createPipelineEvent({ ...common, type: 'mapped', source: 'fhir-mapper' }),
      createPipelineEvent({ ...common, type: 'needs-fallback', source: 'delivery', code: 'EPL-152' }),
      createPipelineEvent({ ...common, type: 'fallback-sent', source: 'delivery', transport: 'nhsmail' }),
    ]);
    expect((await waitForState(id, 'fallback-sent')).state).toBe('fallback-sent');
    await publish([createPipelineEvent({ ...common, type: 'dead-lettered', source: 'delivery', message: 'out of retries' })]);
    expect((await waitForState(id, 'failed')).state).toBe('failed');
  });

  it("answers 403 for another pharmacy's consultation and 404 for an unknown or malformed id", async () => {
    const body = consultationOf();
    expect((await postConsultation(ingest.app, body)).statusCode).toBe(202);
    const forbidden = await getStatus(String(body.consultationId), PHARMACY_B.key);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
    expect(forbidden.body).not.toContain('A81001');

    expect((await getStatus(String(consultationOf().consultationId))).statusCode).toBe(404);
    expect((await getStatus('not-a-uuid')).statusCode).toBe(404);
  });

  it('answers 401 without a key', async () => {
    const response = await ingest.app.inject({ method: 'GET', url: `/v1/consultations/${String(consultationOf().consultationId)}` });
    expect(response.statusCode).toBe(401);
  });
});
