import { randomUUID } from 'node:crypto';
import { type ConsultationInput, type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { cloneFixture, randomTestNhsNumber } from '@firstsync/contracts/fixtures';
import { ensureTopics, resolveTopicNames } from '@firstsync/kafka';
import { type RunningSystem, startSystem } from '@firstsync/system-harness';
import { quietLogger, readTopic, type TopicReader, testBrokers, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue #19: two instances of every service on the real broker, delivery on MESH as `npm start`
// runs it. Ingest instances each keep their own idempotency store, so what must hold across them
// is decided on consultations.v1 (first record on the partition wins); one delivery instance at a
// time drains the shared MESH inbox, and another takes over when it dies.

const DEMO_KEY = 'demo-pharmacy-key-FXA01';
const PRACTICE = 'A81002';
const TWO = { ingest: 2, 'fhir-mapper': 2, delivery: 2, dashboard: 2, 'pharmacy-notify': 2 } as const;

function consultation(): ConsultationInput {
  const c = cloneFixture('soreThroat');
  c.consultationId = randomUUID();
  c.pharmacy = { ...c.pharmacy, odsCode: 'FXA01' };
  c.patient = { ...c.patient, nhsNumber: randomTestNhsNumber(), registeredPractice: { odsCode: PRACTICE } };
  c.consentToShareWithGp = true;
  return c;
}

describe('replicas: two instances of every service (issue #19)', () => {
  const prefix = `t.e2e.${randomUUID().slice(0, 8)}.`;
  let system: RunningSystem | undefined;
  let events: TopicReader<PipelineEvent>;

  const running = (): RunningSystem => {
    if (!system) throw new Error('system did not start');
    return system;
  };

  beforeAll(async () => {
    await ensureTopics(testKafka('e2e-replicas-admin'), quietLogger, { prefix });
    system = await startSystem({
      brokers: testBrokers(),
      topicPrefix: prefix,
      route: 'mesh',
      instances: TWO,
      parallelStart: true,
      // A SIGKILLed member leaves its groups after the session timeout (the broker's minimum is 6 s).
      env: { delivery: { KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_HEARTBEAT_INTERVAL_MS: '1000', MESH_POLL_INTERVAL_MS: '500' } },
    });
    events = await readTopic(resolveTopicNames(prefix).pipelineEvents, (record) => pipelineEventSchema.parse(JSON.parse(String(record.value))));
    const filed = await fetch(`${running().url('nhs-simulator')}/admin/nhs/practices/${PRACTICE}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ autoFile: true }),
    });
    expect(filed.status).toBeLessThan(300);
  }, 240_000);

  afterAll(async () => {
    await events?.close();
    await system?.stop();
  });

  const post = (url: string, body: unknown): Promise<Response> =>
    fetch(`${url}/v1/consultations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const of = (id: string) => events.values.filter((event) => event.consultationId === id);
  const settled = (id: string) => of(id).some((e) => e.type === 'delivered' || e.type === 'dead-lettered' || e.type === 'needs-fallback');
  /**
   * The Update Records the simulated GP collected over MESH for a consultation, and how many it
   * filed (business ack 30001). A copy on the wire would be collected again and answered 20007
   * (duplicate), never filed twice.
   */
  async function atGp(id: string): Promise<{ collected: number; filed: number }> {
    const bundleIdentifier = of(id).find((e) => e.type === 'mapped')?.details?.bundleIdentifier;
    if (typeof bundleIdentifier !== 'string') throw new Error(`no mapped event for ${id}`);
    const response = await fetch(`${running().url('nhs-simulator')}/admin/nhs/received?practiceOds=${PRACTICE}`);
    const { messages } = (await response.json()) as { messages: { bundleIdentifier: string; busAckCode: string | null }[] };
    const mine = messages.filter((m) => m.bundleIdentifier === bundleIdentifier);
    return { collected: mine.length, filed: mine.filter((m) => m.busAckCode === '30001').length };
  }

  /** Per delivery instance, whether its latest ownership log line says it polls the MESH inbox. */
  function inboxPollers(): number[] {
    const owner = new Map<number, boolean>();
    for (const entry of running().logs) {
      if (entry.service !== 'delivery') continue;
      if (entry.line.includes('this instance owns the inbox and polls it')) owner.set(entry.instance, true);
      if (entry.line.includes('ownership moved to another instance')) owner.set(entry.instance, false);
    }
    return [...owner].filter(([instance, polls]) => polls && running().isRunning('delivery', instance)).map(([instance]) => instance);
  }

  it('every service runs twice; ingest and dashboard answer on their shared port and on each instance port', async () => {
    for (const service of Object.keys(TWO) as (keyof typeof TWO)[]) {
      expect(running().instances(service)).toBe(2);
      for (const instance of [0, 1]) expect((await fetch(`${running().instanceUrl(service, instance)}/health/ready`)).status).toBe(200);
    }
    expect((await fetch(`${running().url('ingest')}/health/ready`)).status).toBe(200);
    expect((await fetch(`${running().url('dashboard')}/health/live`)).status).toBe(200);
  });

  it('identical POSTs at both ingest instances at once give one message at the simulated GP, delivered over MESH', async () => {
    const body = consultation();
    const answers = await Promise.all([post(running().instanceUrl('ingest', 0), body), post(running().instanceUrl('ingest', 1), body)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(1);
    await events.waitFor(() => settled(body.consultationId), 90_000);
    expect(of(body.consultationId).find((e) => e.type === 'delivered')).toMatchObject({ transport: 'mesh', code: '30001' });
    const gp = await atGp(body.consultationId);
    console.info(`identical POSTs at two instances: ${gp.collected} cop(y/ies) collected at the GP, ${gp.filed} filed`);
    expect(gp.filed).toBe(1);
    // The status endpoint answers the same from both instances.
    const status = async (instance: number) => {
      const response = await fetch(`${running().instanceUrl('ingest', instance)}/v1/consultations/${body.consultationId}`, {
        headers: { authorization: `Bearer ${DEMO_KEY}` },
      });
      // asOf is each instance's own reading of how current its view is, so it differs; the rest must not.
      const { asOf, ...rest } = (await response.json()) as { state?: string; asOf?: string; timeline?: { type: string }[] };
      return { status: response.status, body: rest, asOf };
    };
    // Each instance's view reads the pipeline events on its own (up to its patience, 250 ms, behind):
    // wait until both have read the last event the test saw, the `delivered` one. The state alone
    // says delivered already at the bus ack (30001), one event earlier.
    const hasReadDelivered = (answer: Awaited<ReturnType<typeof status>>): boolean =>
      answer.body.timeline?.some((entry) => entry.type === 'delivered') ?? false;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const [a, b] = await Promise.all([status(0), status(1)]);
      if (hasReadDelivered(a) && hasReadDelivered(b)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [first, second] = await Promise.all([status(0), status(1)]);
    expect([first.asOf, second.asOf]).toEqual([expect.any(String), expect.any(String)]);
    expect({ status: first.status, body: first.body }).toEqual({ status: second.status, body: second.body });
  }, 120_000);

  it('the same id and version with different bodies at the two instances at once: one 202, one 409', async () => {
    const body = consultation();
    const changed = { ...body, notes: { ...body.notes, clinicalSummary: 'A different summary.' } };
    const answers = await Promise.all([post(running().instanceUrl('ingest', 0), body), post(running().instanceUrl('ingest', 1), changed)]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    await events.waitFor(() => settled(body.consultationId), 90_000);
    expect((await atGp(body.consultationId)).filed).toBe(1);
  }, 120_000);

  it('exactly one delivery instance drains the MESH inbox; when it is killed, the other takes over and delivers', async () => {
    for (let attempt = 0; attempt < 150 && inboxPollers().length !== 1; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 200));
    const pollers = inboxPollers();
    expect(pollers).toHaveLength(1);
    const [owner] = pollers;
    if (owner === undefined) throw new Error('no inbox owner');
    await running().kill('delivery', 'SIGKILL', owner);
    const body = consultation();
    expect((await post(running().url('ingest'), body)).status).toBe(202);
    await events.waitFor(() => settled(body.consultationId), 90_000);
    expect(of(body.consultationId).find((e) => e.type === 'delivered')).toMatchObject({ transport: 'mesh', code: '30001' });
    expect(inboxPollers()).toEqual([1 - owner]);
    expect(await atGp(body.consultationId)).toEqual({ collected: 1, filed: 1 });
    expect(running().unexpectedExits).toEqual([]);
  }, 150_000);
});
