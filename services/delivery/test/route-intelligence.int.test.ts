import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GpMessage } from '@firstsync/contracts';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMaildir, type SmtpServer, startSmtp, stopSmtp } from '../../../infra/smtp/smtp-server.mjs';
import type { DeliveryService } from '../src/app';
import { type Harness, startHarness } from './support/harness';
import { realGpMessage } from './support/messages';

// Issue #15, routing intelligence, through the real broker and the simulator's MESH, with delivery
// built from its configuration as in production (MESH client, endpoint lookup, NHSmail fallback).

const SENDER = { mailboxId: 'X26FS001', password: 'firstsync-simulator-password', sharedKey: 'firstsync-simulator-shared-key' };
const SWITCHED_OFF = 'Y04101';
const NO_MAILBOX = 'Y04102';
const PATIENT_LEFT = 'Y04103';
const PRACTICES = [SWITCHED_OFF, NO_MAILBOX, PATIENT_LEFT];
const address = (ods: string) => `${ods.toLowerCase()}.practice@nhs.test`;

describe('routing intelligence on the MESH route', () => {
  let harness: Harness;
  let smtp: SmtpServer;
  let maildir: string;
  let delivery: DeliveryService | undefined;

  beforeAll(async () => {
    harness = await startHarness('route-intelligence');
    maildir = await mkdtemp(path.join(tmpdir(), 'route-mail-'));
    smtp = await startSmtp({ maildir });
  });

  afterAll(async () => {
    await harness?.close();
    await stopSmtp(smtp);
    if (maildir) await rm(maildir, { recursive: true, force: true });
  });

  // One service identity across restarts (its main and fallback groups resume); every start still
  // rebuilds its state, the learnt routes included, in a group of its own from the beginning.
  const groupId = `delivery-${randomUUID()}`;

  /** A delivery instance as `npm start` builds it. */
  async function startDelivery(switchedOffFallbackMs: number): Promise<DeliveryService> {
    const directory = {
      default: { transport: 'mesh' },
      practices: Object.fromEntries(PRACTICES.map((ods) => [ods, { transport: 'mesh', nhsmailAddress: address(ods) }])),
    };
    return harness.startDelivery({
      KAFKA_GROUP_ID: groupId,
      MESH_URL: harness.simulatorUrl,
      MESH_MAILBOX_ID: SENDER.mailboxId,
      MESH_MAILBOX_PASSWORD: SENDER.password,
      MESH_SHARED_KEY: SENDER.sharedKey,
      MESH_POLL_INTERVAL_MS: '100',
      PRACTICE_DIRECTORY: JSON.stringify(directory),
      NHSMAIL_SMTP_HOST: '127.0.0.1',
      NHSMAIL_SMTP_PORT: String(smtp.port),
      NHSMAIL_SMTP_REQUIRE_TLS: 'false',
      ROUTE_SWITCHED_OFF_FALLBACK_MS: String(switchedOffFallbackMs),
    });
  }

  async function practice(ods: string, behaviour: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${harness.simulatorUrl}/admin/nhs/practices/${ods}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(behaviour),
    });
    expect(response.status).toBe(200);
  }

  /** Uploads the simulated MESH holds for the message (its Bundle identifier travels as the MESH local id). */
  async function meshUploads(message: GpMessage): Promise<number> {
    const query = new URLSearchParams({ localId: message.identifiers.bundleIdentifier, type: 'DATA', workflowId: 'GPCONNECT_UPDATE_RECORD' });
    const body = (await (await fetch(`${harness.simulatorUrl}/admin/nhs/mesh/messages?${query}`)).json()) as { count: number };
    return body.count;
  }

  const flow = (message: GpMessage) => harness.eventsOf(message.consultationId).map((e) => [e.type, e.code ?? null]);
  const eventOf = (message: GpMessage, type: string) => harness.eventsOf(message.consultationId).find((e) => e.type === type);

  async function mailsTo(ods: string, message: GpMessage): Promise<number> {
    return (await readMaildir(maildir)).filter((m) => m.rcptTos.includes(address(ods)) && m.raw.includes(message.consultationId)).length;
  }

  it('remembers a 20010 across instances: NHSmail without MESH for the period, then MESH is probed', async () => {
    await practice(SWITCHED_OFF, { updateRecord: false });
    delivery = await startDelivery(600_000);

    const first = realGpMessage(SWITCHED_OFF, SENDER.mailboxId);
    await harness.publish(first);
    await harness.waitForEvent(first.consultationId, 'fallback-sent');
    expect(eventOf(first, 'needs-fallback')).toMatchObject({ code: '20010', details: { followUp: 'practice-switched-off', nhsmailUntil: expect.any(String) } });

    const second = realGpMessage(SWITCHED_OFF, SENDER.mailboxId);
    await harness.publish(second);
    await harness.waitForEvent(second.consultationId, 'fallback-sent');
    expect(flow(second)).toEqual([
      ['route-decided', 'switched-off'],
      ['needs-fallback', '20010'],
      ['fallback-sent', 'fallback-sent'],
    ]);
    expect(eventOf(second, 'route-decided')).toMatchObject({ transport: 'mesh', details: { route: 'nhsmail', learntFrom: '20010' } });
    // The pharmacy's webhook says why it went by mail: the code MESH would have answered.
    expect(eventOf(second, 'fallback-sent')?.details).toMatchObject({ cause: '20010' });
    expect(await meshUploads(second)).toBe(0);
    expect(await mailsTo(SWITCHED_OFF, second)).toBe(1);

    // A restarted instance knows it from delivery.practice-routes alone.
    await harness.stopDelivery(delivery);
    delivery = await startDelivery(600_000);
    const third = realGpMessage(SWITCHED_OFF, SENDER.mailboxId);
    await harness.publish(third);
    await harness.waitForEvent(third.consultationId, 'fallback-sent');
    expect(flow(third)[0]).toEqual(['route-decided', 'switched-off']);
    expect(await meshUploads(third)).toBe(0);

    // The practice switches Update Record back on; once the period is over, MESH is tried again.
    await harness.stopDelivery(delivery);
    await practice(SWITCHED_OFF, { autoFile: true });
    delivery = await startDelivery(1);
    const fourth = realGpMessage(SWITCHED_OFF, SENDER.mailboxId);
    await harness.publish(fourth);
    await harness.waitForEvent(fourth.consultationId, 'delivered');
    expect(flow(fourth)).toEqual(
      expect.arrayContaining([
        ['route-decided', 'probe'],
        ['sent', 'mesh-accepted'],
        ['delivered', '30001'],
      ]),
    );
    expect(await meshUploads(fourth)).toBe(1);
    // The probe is recorded once: the next message goes by MESH without a decision event.
    const fifth = realGpMessage(SWITCHED_OFF, SENDER.mailboxId);
    await harness.publish(fifth);
    await harness.waitForEvent(fifth.consultationId, 'delivered');
    expect(flow(fifth).some(([type]) => type === 'route-decided')).toBe(false);
    await harness.stopDelivery(delivery);
    delivery = undefined;
  }, 120_000);

  it('endpoint lookup: a practice with no mailbox for Update Record gets NHSmail before any upload', async () => {
    await practice(NO_MAILBOX, { meshRouting: 'no-mailbox' });
    delivery = await startDelivery(600_000);
    const message = realGpMessage(NO_MAILBOX, SENDER.mailboxId);
    await harness.publish(message);
    await harness.waitForEvent(message.consultationId, 'fallback-sent');
    expect(flow(message)).toEqual([
      ['route-decided', 'no-mailbox'],
      ['needs-fallback', 'EPL-151'],
      ['fallback-sent', 'fallback-sent'],
    ]);
    expect(eventOf(message, 'route-decided')?.details).toMatchObject({ route: 'nhsmail', workflowId: 'GPCONNECT_UPDATE_RECORD', mailboxes: 0 });
    expect(eventOf(message, 'needs-fallback')?.details).toMatchObject({ followUp: 'practice-mesh-setup' });
    expect(await meshUploads(message)).toBe(0);
    expect(await mailsTo(NO_MAILBOX, message)).toBe(1);
  }, 60_000);

  it('30003 (patient no longer registered) suggests checking the registered practice', async () => {
    await practice(PATIENT_LEFT, { patient: 'left', autoFile: true });
    const running = defined(delivery, 'delivery from the previous test');
    const message = realGpMessage(PATIENT_LEFT, SENDER.mailboxId);
    await harness.publish(message);
    await harness.waitForEvent(message.consultationId, 'fallback-sent').catch((err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(flow(message))}`);
    });
    expect(eventOf(message, 'needs-fallback')).toMatchObject({
      code: '30003',
      details: { acknowledged: true, followUp: 'check-registered-practice', suggestion: expect.stringContaining('registered practice') },
    });
    await harness.stopDelivery(running);
    delivery = undefined;
  }, 60_000);
});
