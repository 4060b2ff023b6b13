import { randomUUID } from 'node:crypto';
import { type ConsultationInput, type PharmacyEvent, type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { cloneFixture, randomTestNhsNumber } from '@firstsync/contracts/fixtures';
import { ensureTopics, resolveTopicNames } from '@firstsync/kafka';
import {
  connectSimulatedPharmacySystem,
  DashboardClient,
  type ReceivedWebhook,
  type RunningSystem,
  receivedWebhooks,
  startSystem,
} from '@firstsync/system-harness';
import { quietLogger, readTopic, type TopicReader, testBrokers, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue #16, "Done when": a rejection (30003) at the simulated GP reaches the pharmacy's webhook and
// its worklist within seconds, and the change feed replays the same events after a gap. Every
// service is its own process on the real broker, delivery on MESH to the simulator as `npm start`
// runs it; the pharmacy system is the simulator's, verifying signatures with the official
// Standard Webhooks library.

const PHARMACY = { ods: 'FXA01', key: 'demo-pharmacy-key-FXA01' };
const PHARMACY_USER = { username: 'pharmacy', password: 'pharmacy-demo-password' };
const PRACTICE = 'A81003';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

function consultationAt(practiceOds: string): ConsultationInput {
  const consultation = cloneFixture('soreThroat');
  consultation.consultationId = randomUUID();
  consultation.pharmacy = { ...consultation.pharmacy, odsCode: PHARMACY.ods };
  consultation.patient = { ...consultation.patient, nhsNumber: randomTestNhsNumber(), registeredPractice: { odsCode: practiceOds } };
  consultation.consentToShareWithGp = true;
  return consultation;
}

interface EventPage {
  events: PharmacyEvent[];
  nextCursor: string | null;
}

describe('closing the loop with the pharmacy (issue #16)', () => {
  const prefix = `t.e2e-loop.${randomUUID().slice(0, 8)}.`;
  let system: RunningSystem | undefined;
  let pipeline: TopicReader<PipelineEvent>;

  beforeAll(async () => {
    await ensureTopics(testKafka('e2e-loop-admin'), quietLogger, { prefix });
    system = await startSystem({
      brokers: testBrokers(),
      topicPrefix: prefix,
      route: 'mesh',
      only: ['nhs-simulator', 'ingest', 'fhir-mapper', 'delivery', 'dashboard', 'pharmacy-notify'],
      env: { 'pharmacy-notify': { KAFKA_SESSION_TIMEOUT_MS: '10000', KAFKA_HEARTBEAT_INTERVAL_MS: '1000' } },
    });
    pipeline = await readTopic(resolveTopicNames(prefix).pipelineEvents, (record) => pipelineEventSchema.parse(JSON.parse(String(record.value))));
  }, 180_000);

  afterAll(async () => {
    await pipeline?.close();
    await system?.stop();
  });

  const running = (): RunningSystem => {
    if (!system) throw new Error('system did not start');
    return system;
  };

  async function submit(consultation: ConsultationInput): Promise<void> {
    const response = await fetch(`${running().url('ingest')}/v1/consultations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PHARMACY.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(consultation),
    });
    expect(response.status).toBe(202);
  }

  async function feed(after?: string): Promise<EventPage> {
    const query = after === undefined ? '' : `?after=${encodeURIComponent(after)}`;
    const response = await fetch(`${running().url('pharmacy-notify')}/v1/events${query}`, { headers: { authorization: `Bearer ${PHARMACY.key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as EventPage;
  }

  const received = async (): Promise<readonly ReceivedWebhook[]> => (await receivedWebhooks(running().url('nhs-simulator'), PHARMACY.ods)).events;
  const webhooksOf = async (consultationId: string) => (await received()).filter((r) => r.event.data.consultationId === consultationId);

  it('a 30003 at the GP reaches the pharmacy webhook, signed, and its worklist within seconds; staff mark it followed up', async () => {
    const simulator = running().url('nhs-simulator');
    const admin = await fetch(`${simulator}/admin/nhs/practices/${PRACTICE}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ patient: 'left' }),
    });
    expect(admin.status).toBe(200);
    await connectSimulatedPharmacySystem({ notifyUrl: running().url('pharmacy-notify'), simulatorUrl: simulator, pharmacy: PHARMACY });

    const consultation = consultationAt(PRACTICE);
    const submittedAt = Date.now();
    await submit(consultation);
    const rejected = await until(
      'the rejection webhook',
      async () => (await webhooksOf(consultation.consultationId)).find((r) => r.event.type === 'consultation.rejected'),
      30_000,
    );
    const seconds = (Date.parse(rejected.receivedAt) - submittedAt) / 1000;
    expect(seconds).toBeLessThan(30);
    expect(rejected.event.data).toMatchObject({ pharmacyOds: PHARMACY.ods, practiceOds: PRACTICE, code: '30003', transport: 'mesh' });
    // In order: accepted first, then the rejection; nothing carries patient data.
    const mine = await webhooksOf(consultation.consultationId);
    expect(mine.map((r) => r.event.type).slice(0, 2)).toEqual(['consultation.accepted', 'consultation.rejected']);
    const wire = JSON.stringify(mine);
    for (const secret of [consultation.patient.nhsNumber, consultation.patient.name.family, consultation.patient.birthDate]) expect(wire).not.toContain(secret);
    const counts = (await receivedWebhooks(simulator, PHARMACY.ods)).counts;
    expect({ invalidSignature: counts.invalidSignature, wrongPharmacy: counts.wrongPharmacy, malformed: counts.malformed }).toEqual({
      invalidSignature: 0,
      wrongPharmacy: 0,
      malformed: 0,
    });

    // The pharmacy's staff see it on their worklist, with the patient (direct care) and what to do.
    const staff = new DashboardClient(running().url('dashboard'));
    expect((await staff.login(PHARMACY_USER.username, PHARMACY_USER.password)).status).toBe(303);
    const item = await until(
      'the worklist item',
      async () => {
        const page = await (await staff.request('GET', '/worklist')).text();
        return page.includes(`data-consultation-id="${consultation.consultationId}"`) ? page : undefined;
      },
      15_000,
    );
    expect(item).toContain('data-reason="patient-not-registered"');
    expect(item).toMatch(/data-testid="suggested-action"/);
    const followUpEventId = new RegExp(`/worklist/${consultation.consultationId}/follow-up[\\s\\S]*?name="followUpEventId" value="([^"]+)"`).exec(item)?.[1];
    expect(followUpEventId).toBeDefined();
    const token = await staff.csrfToken('/worklist');
    const marked = await staff.request('POST', `/worklist/${consultation.consultationId}/follow-up`, {
      form: { outcome: 'phoned-practice', followUpEventId: followUpEventId ?? '', _csrf: token },
    });
    expect(marked.status).toBe(303);
    await pipeline.waitFor(() => pipeline.values.some((e) => e.consultationId === consultation.consultationId && e.type === 'followed-up'), 15_000);
    expect(pipeline.values.find((e) => e.consultationId === consultation.consultationId && e.type === 'followed-up')).toMatchObject({
      actor: PHARMACY_USER.username,
      code: 'phoned-practice',
    });
    const after = await (await staff.request('GET', '/worklist')).text();
    expect(after).not.toContain(`data-consultation-id="${consultation.consultationId}"`);
  }, 120_000);

  it('the change feed replays what happened while the service was down, from the cursor, and the webhooks catch up', async () => {
    const before = await until(
      'the first consultation in the feed',
      async () => {
        const page = await feed();
        return page.events.some((e) => e.type === 'consultation.rejected') ? page : undefined;
      },
      15_000,
    );
    const cursor = before.nextCursor;
    if (cursor === null) throw new Error('no cursor');
    const seen = new Set(before.events.map((e) => e.eventId));

    await running().kill('pharmacy-notify', 'SIGKILL');
    const consultation = consultationAt(PRACTICE);
    await submit(consultation);
    // Rejected at the GP while nobody can tell the pharmacy.
    await pipeline.waitFor(() => pipeline.values.some((e) => e.consultationId === consultation.consultationId && e.type === 'bus-ack'), 30_000);
    await running().start('pharmacy-notify');

    const replayed = await until(
      'the gap replayed',
      async () => {
        const page = await feed(cursor);
        return page.events.some((e) => e.data.consultationId === consultation.consultationId && e.type === 'consultation.rejected') ? page : undefined;
      },
      60_000,
    );
    // Nothing from before the cursor, nothing twice, in order.
    expect(replayed.events.filter((e) => seen.has(e.eventId))).toEqual([]);
    expect(new Set(replayed.events.map((e) => e.eventId)).size).toBe(replayed.events.length);
    const types = replayed.events.filter((e) => e.data.consultationId === consultation.consultationId).map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['consultation.accepted', 'consultation.rejected']);
    // The same events reach the webhook, with the same ids as the feed.
    const hooks = await until(
      'the webhooks after the restart',
      async () => {
        const mine = await webhooksOf(consultation.consultationId);
        return mine.some((r) => r.event.type === 'consultation.rejected') ? mine : undefined;
      },
      60_000,
    );
    const feedIds = replayed.events.filter((e) => e.data.consultationId === consultation.consultationId).map((e) => e.eventId);
    expect(hooks.map((r) => r.webhookId)).toEqual(feedIds.slice(0, hooks.length));
    expect(running().unexpectedExits).toEqual([]);
  }, 180_000);
});
