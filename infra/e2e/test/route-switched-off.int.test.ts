import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ConsultationInput, type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { cloneFixture, randomTestNhsNumber } from '@firstsync/contracts/fixtures';
import { ensureTopics, resolveTopicNames } from '@firstsync/kafka';
import { type RunningSystem, startSystem } from '@firstsync/system-harness';
import { quietLogger, readTopic, type TopicReader, testBrokers, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMaildir, type SmtpServer, startSmtp, stopSmtp } from '../../smtp/smtp-server.mjs';

// Issue #15, "Done when": a practice answers 20010 once; its next consultation goes by NHSmail
// without trying MESH, and after the configured period MESH is tried again. Every service is its
// own process on the real broker, delivery on MESH to the simulator as `npm start` runs it, the
// NHSmail fallback to the loopback SMTP sink; the period is shortened through the environment.

const DEMO_KEY = 'demo-pharmacy-key-FXA01';
/** A demo practice with its own NHSmail mailbox in the `npm start` directory. */
const PRACTICE = 'A81001';
const MAILBOX = 'a81001.practice@nhs.test';
const PERIOD_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function consultationAt(practiceOds: string): ConsultationInput {
  const consultation = cloneFixture('soreThroat');
  consultation.consultationId = randomUUID();
  consultation.pharmacy = { ...consultation.pharmacy, odsCode: 'FXA01' };
  consultation.patient = { ...consultation.patient, nhsNumber: randomTestNhsNumber(), registeredPractice: { odsCode: practiceOds } };
  consultation.consentToShareWithGp = true;
  return consultation;
}

describe('a practice that switched Update Record off gets NHSmail for a while, then MESH again (issue #15)', () => {
  const prefix = `t.e2e-route.${randomUUID().slice(0, 8)}.`;
  let system: RunningSystem | undefined;
  let events: TopicReader<PipelineEvent>;
  let smtp: SmtpServer | undefined;
  let maildir: string | undefined;

  beforeAll(async () => {
    await ensureTopics(testKafka('e2e-route-admin'), quietLogger, { prefix });
    maildir = await mkdtemp(path.join(tmpdir(), 'e2e-route-mail-'));
    smtp = await startSmtp({ maildir });
    system = await startSystem({
      brokers: testBrokers(),
      topicPrefix: prefix,
      route: 'mesh',
      smtpPort: smtp.port,
      only: ['nhs-simulator', 'ingest', 'fhir-mapper', 'delivery'],
      env: { delivery: { ROUTE_SWITCHED_OFF_FALLBACK_MS: String(PERIOD_MS) } },
    });
    events = await readTopic(resolveTopicNames(prefix).pipelineEvents, (record) => pipelineEventSchema.parse(JSON.parse(String(record.value))));
  }, 180_000);

  afterAll(async () => {
    await events?.close();
    await system?.stop();
    await stopSmtp(smtp);
    if (maildir) await rm(maildir, { recursive: true, force: true });
  });

  const running = (): RunningSystem => defined(system, 'the system');
  const of = (consultationId: string) => events.values.filter((event) => event.consultationId === consultationId);
  const find = (consultationId: string, type: PipelineEvent['type']) => of(consultationId).find((event) => event.type === type);

  async function submit(consultation: ConsultationInput): Promise<void> {
    const response = await fetch(`${running().url('ingest')}/v1/consultations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(consultation),
    });
    expect(response.status).toBe(202);
  }

  async function until(consultationId: string, type: PipelineEvent['type']): Promise<PipelineEvent> {
    await events.waitFor(() => find(consultationId, type) !== undefined, 60_000);
    return defined(find(consultationId, type), type);
  }

  /** Uploads of the consultation the simulated MESH received (its Bundle identifier travels as the MESH local id). */
  async function meshUploads(consultationId: string): Promise<number> {
    const bundleIdentifier = String(find(consultationId, 'mapped')?.details?.bundleIdentifier);
    const query = new URLSearchParams({ localId: bundleIdentifier, type: 'DATA', workflowId: 'GPCONNECT_UPDATE_RECORD' });
    const response = await fetch(`${running().url('nhs-simulator')}/admin/nhs/mesh/messages?${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { count: number }).count;
  }

  async function mailedFor(consultationId: string): Promise<number> {
    return (await readMaildir(defined(maildir, 'maildir'))).filter((mail) => mail.rcptTos.includes(MAILBOX) && mail.raw.includes(consultationId)).length;
  }

  it('20010 once: the next consultation goes by NHSmail without MESH; after the period MESH is tried again', async () => {
    const configured = await fetch(`${running().url('nhs-simulator')}/admin/nhs/practices/${PRACTICE}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ updateRecord: false }),
    });
    expect(configured.status).toBe(200);

    // 1. Over MESH, answered 20010: the fallback mails it, and the practice is remembered.
    const first = consultationAt(PRACTICE);
    await submit(first);
    await until(first.consultationId, 'fallback-sent');
    expect(await meshUploads(first.consultationId)).toBe(1);
    const learnt = defined(find(first.consultationId, 'needs-fallback'), 'needs-fallback');
    expect(learnt).toMatchObject({ code: '20010', details: { followUp: 'practice-switched-off' } });
    const nhsmailUntil = Date.parse(String(learnt.details?.nhsmailUntil));
    expect(nhsmailUntil).toBeGreaterThan(Date.now());

    // 2. The next one goes by NHSmail at once: a decision with its reason, no MESH upload.
    const second = consultationAt(PRACTICE);
    await submit(second);
    await until(second.consultationId, 'fallback-sent');
    expect(Date.now()).toBeLessThan(nhsmailUntil);
    expect(find(second.consultationId, 'route-decided')).toMatchObject({
      code: 'switched-off',
      transport: 'mesh',
      message: expect.stringContaining('20010'),
      details: { route: 'nhsmail', learntFrom: '20010' },
    });
    expect(find(second.consultationId, 'needs-fallback')).toMatchObject({ code: '20010', details: { routeDecision: 'switched-off' } });
    expect(find(second.consultationId, 'fallback-sent')?.details).toMatchObject({ cause: '20010' });
    expect(of(second.consultationId).filter((event) => event.type === 'sent' || event.type === 'inf-ack')).toEqual([]);
    expect(await meshUploads(second.consultationId)).toBe(0);
    expect(await mailedFor(second.consultationId)).toBe(1);

    // 3. After the period MESH is probed; the practice still answers 20010, so the period restarts.
    await sleep(Math.max(0, nhsmailUntil - Date.now() + 500));
    const third = consultationAt(PRACTICE);
    await submit(third);
    await until(third.consultationId, 'fallback-sent');
    expect(find(third.consultationId, 'route-decided')).toMatchObject({ code: 'probe', details: { route: 'mesh' } });
    expect(find(third.consultationId, 'sent')).toMatchObject({ transport: 'mesh', code: 'mesh-accepted' });
    expect(find(third.consultationId, 'inf-ack')).toMatchObject({ code: '20010' });
    expect(await meshUploads(third.consultationId)).toBe(1);
    const relearnt = Date.parse(String(find(third.consultationId, 'needs-fallback')?.details?.nhsmailUntil));
    expect(relearnt).toBeGreaterThan(nhsmailUntil);

    const fourth = consultationAt(PRACTICE);
    await submit(fourth);
    await until(fourth.consultationId, 'fallback-sent');
    expect(find(fourth.consultationId, 'route-decided')).toMatchObject({ code: 'switched-off' });
    expect(await meshUploads(fourth.consultationId)).toBe(0);
    expect(running().unexpectedExits).toEqual([]);
  }, 180_000);
});
