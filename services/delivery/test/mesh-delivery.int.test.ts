import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GpMessage, PipelineEvent } from '@firstsync/contracts';
import { createMeshClient } from '@firstsync/mesh';
import { quietLogger, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readMaildir, type SmtpServer, startSmtp, stopSmtp } from '../../../infra/smtp/smtp-server.mjs';
import { buildDelivery, type DeliveryService } from '../src/app';
import { createFallbackWorker, type FallbackWorker } from '../src/handlers/fallback-worker';
import { directoryFromConfig } from '../src/routing/directory-config';
import type { PracticeDirectory } from '../src/routing/practice-directory';
import { createMeshDelivery, type MeshDelivery, meshEnv } from '../src/transport/mesh';
import { createNhsmailTransport } from '../src/transport/nhsmail';
import { type Harness, startHarness } from './support/harness';
import { realGpMessage } from './support/messages';

// The simulator's built-in sender mailbox (dev values, see nhs-simulator's NHS_SIDE_DEFAULTS).
const SENDER = { mailboxId: 'X26FS001', password: 'firstsync-simulator-password', sharedKey: 'firstsync-simulator-shared-key' };

const FALLBACK_PRACTICE = 'Y03102';
const FALLBACK_ADDRESS = 'y03102.practice@nhs.test';
const NO_ADDRESS_PRACTICE = 'Y03103';
/** A second practice with its own mailbox: FALLBACK_PRACTICE answered 20010, so delivery now sends it NHSmail without MESH (issue #15). */
const EPL_PRACTICE = 'Y03105';
const EPL_ADDRESS = 'y03105.practice@nhs.test';
/** Not in the directory: served by the default route, which has no mailbox of its own. */
const UNLISTED_PRACTICE = 'Y03104';
/** The shared default mailbox the demo configuration used to have (issue #18): must never get patient data. */
const CATCH_ALL = 'unlisted.practice@nhs.test';

describe('delivery service over MESH with the NHSmail fallback, through the real broker', () => {
  let harness: Harness;
  let mesh: MeshDelivery;
  let service: DeliveryService;
  let fallback: FallbackWorker;
  let smtp: SmtpServer;
  let maildir: string;

  beforeAll(async () => {
    harness = await startHarness('mesh-delivery');
    const client = createMeshClient({ baseUrl: harness.simulatorUrl, credentials: SENDER, timeoutMs: 5_000 });
    const env = z.object(meshEnv).parse({ MESH_URL: harness.simulatorUrl, MESH_POLL_INTERVAL_MS: '100' });
    const publish = async (events: PipelineEvent[]) => {
      await harness.producer.send(
        events.map((event) => ({ topic: harness.topics.pipelineEvents, key: event.consultationId ?? null, value: JSON.stringify(event) })),
      );
    };
    mesh = defined(createMeshDelivery({ env, logger: quietLogger, publish, client }), 'the MESH delivery (MESH_URL is set)');
    const directory = {
      default: { transport: 'mesh' },
      practices: {
        [FALLBACK_PRACTICE]: { transport: 'mesh', nhsmailAddress: FALLBACK_ADDRESS },
        [EPL_PRACTICE]: { transport: 'mesh', nhsmailAddress: EPL_ADDRESS },
      },
    };
    const config = harness.config({ PRACTICE_DIRECTORY: JSON.stringify(directory) });
    service = buildDelivery({ config, logger: quietLogger, kafka: testKafka('mesh-delivery-service'), transports: [mesh.transport] });
    await service.start();

    maildir = await mkdtemp(path.join(tmpdir(), 'fallback-mail-'));
    smtp = await startSmtp({ maildir });
    // A directory as the old demo configuration had it, with a catch-all mailbox on the default
    // route (start-up now refuses that; the worker must ignore it even if one got through).
    const legacyDirectory: PracticeDirectory = { ...directoryFromConfig(config), default: { transport: 'mesh', enabled: true, nhsmailAddress: CATCH_ALL } };
    fallback = createFallbackWorker({
      kafka: testKafka('mesh-delivery-fallback'),
      logger: quietLogger,
      topics: harness.topics,
      directory: legacyDirectory,
      transport: createNhsmailTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false, from: 'firstsync@nhs.test', timeoutMs: 5_000 }),
      producer: harness.producer,
      groupId: `fallback-${randomUUID()}`,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
      retryDelayMs: 200,
    });
    await fallback.start();
  });

  afterAll(async () => {
    await fallback?.stop();
    await service?.stop();
    await harness?.close();
    await stopSmtp(smtp);
    if (maildir) await rm(maildir, { recursive: true, force: true });
  });

  /**
   * The consultation's events: `sent` (written by the engine once the upload returns) can race the
   * first ack (published by the poller), so it is checked apart; everything after it is causal.
   */
  function timeline(consultationId: string) {
    const events = harness.eventsOf(consultationId);
    return {
      sent: events.filter((e) => e.type === 'sent').map((e) => e.code),
      after: events.filter((e) => e.type !== 'sent').map((e) => [e.type, e.code ?? null]),
    };
  }

  async function practice(ods: string, behaviour: Record<string, unknown>) {
    const response = await fetch(`${harness.simulatorUrl}/admin/nhs/practices/${ods}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(behaviour),
    });
    expect(response.status).toBe(200);
  }

  it('sent -> inf-ack 20013 -> one-click filing -> bus-ack 30001 -> delivered', async () => {
    const ods = 'Y03101';
    await practice(ods, {});
    const message = realGpMessage(ods, SENDER.mailboxId);
    await harness.publish(message);
    await harness.waitForEvent(message.consultationId, 'inf-ack');

    // Staff file the task in the simulated GP workflow inbox.
    const inspected = (await (await fetch(`${harness.simulatorUrl}/admin/nhs/practices/${ods}`)).json()) as {
      tasks: { taskId: string; bundleIdentifier: string }[];
    };
    const task = inspected.tasks.find((t) => t.bundleIdentifier === message.identifiers.bundleIdentifier);
    expect(task).toBeDefined();
    const filed = await fetch(`${harness.simulatorUrl}/admin/nhs/practices/${ods}/tasks/${task?.taskId}/file`, { method: 'POST' });
    expect(filed.status).toBe(200);

    await harness.waitForEvent(message.consultationId, 'delivered');
    expect(timeline(message.consultationId)).toEqual({
      sent: ['mesh-accepted'],
      after: [
        ['inf-ack', '20013'],
        ['bus-ack', '30001'],
        ['delivered', '30001'],
      ],
    });
  });

  it('a practice that switched Update Record off (20010) gets the summary by NHSmail', async () => {
    await practice(FALLBACK_PRACTICE, { updateRecord: false });
    const message = realGpMessage(FALLBACK_PRACTICE, SENDER.mailboxId);
    await harness.publish(message);
    await harness.waitForEvent(message.consultationId, 'fallback-sent');
    expect(timeline(message.consultationId)).toEqual({
      sent: ['mesh-accepted'],
      after: [
        ['inf-ack', '20010'],
        ['needs-fallback', '20010'],
        ['fallback-sent', 'fallback-sent'],
      ],
    });
    // Why it went by mail travels on the event itself, so the pharmacy's webhook can say so.
    expect(harness.eventsOf(message.consultationId).find((e) => e.type === 'fallback-sent')?.details).toMatchObject({ cause: '20010' });
    const mail = (await readMaildir(maildir)).filter((m) => m.rcptTos.includes(FALLBACK_ADDRESS));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.raw).toContain(message.consultationId);
    expect(mail[0]?.raw).toMatch(/Content-Type: application\/pdf/i);
  });

  it('a practice without an NHSmail address: needs-fallback, then parked for an operator, no mail', async () => {
    await practice(NO_ADDRESS_PRACTICE, { patient: 'unknown' });
    const message = realGpMessage(NO_ADDRESS_PRACTICE, SENDER.mailboxId);
    await harness.publish(message);
    await harness.waitForEvent(message.consultationId, 'parked');
    expect(timeline(message.consultationId)).toEqual({
      sent: ['mesh-accepted'],
      after: [
        ['inf-ack', '20013'],
        ['bus-ack', '30002'],
        ['needs-fallback', '30002'],
        ['parked', 'no-nhsmail-address'],
      ],
    });
    expect((await readMaildir(maildir)).filter((m) => m.raw.includes(message.consultationId))).toEqual([]);
  });

  /** PDS knows the NHS number under another surname: MESH cannot route the upload (EPL-154). */
  async function demographicsMismatch(message: GpMessage): Promise<void> {
    const response = await fetch(`${harness.simulatorUrl}/admin/nhs/pds/patients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        nhsNumber: message.meshRouting.nhsNumber,
        birthDate: message.meshRouting.birthDate,
        surname: 'Someoneelse',
        practiceOds: message.practiceOds,
      }),
    });
    expect(response.ok).toBe(true);
  }

  it('EPL-154 for a practice missing from the directory: no mail to any shared mailbox, parked with the reason', async () => {
    await practice(UNLISTED_PRACTICE, {});
    const message = realGpMessage(UNLISTED_PRACTICE, SENDER.mailboxId);
    await demographicsMismatch(message);
    await harness.publish(message);
    await harness.waitForEvent(message.consultationId, 'parked');
    expect(timeline(message.consultationId)).toEqual({
      sent: ['mesh-accepted'],
      after: [
        ['mesh-report', 'EPL-154'],
        ['needs-fallback', 'EPL-154'],
        ['parked', 'no-nhsmail-address'],
      ],
    });
    const parked = harness.eventsOf(message.consultationId).find((e) => e.type === 'parked');
    expect(parked?.message).toContain(`no known NHSmail address for practice ${UNLISTED_PRACTICE}`);
    // Nothing reached the SMTP sink: neither for this consultation nor for the catch-all mailbox.
    const mail = await readMaildir(maildir);
    expect(mail.filter((m) => m.raw.includes(message.consultationId) || m.raw.includes(message.meshRouting.nhsNumber))).toEqual([]);
    expect(mail.filter((m) => m.rcptTos.includes(CATCH_ALL))).toEqual([]);
  });

  it('EPL-154 for a practice with its own NHSmail address: the fallback mail goes to that address only', async () => {
    await practice(EPL_PRACTICE, {});
    const message = realGpMessage(EPL_PRACTICE, SENDER.mailboxId);
    await demographicsMismatch(message);
    await harness.publish(message);
    await harness.waitForEvent(message.consultationId, 'fallback-sent');
    expect(timeline(message.consultationId).after).toEqual([
      ['mesh-report', 'EPL-154'],
      ['needs-fallback', 'EPL-154'],
      ['fallback-sent', 'fallback-sent'],
    ]);
    const mail = (await readMaildir(maildir)).filter((m) => m.raw.includes(message.consultationId));
    expect(mail.map((m) => m.rcptTos)).toEqual([[EPL_ADDRESS]]);
  });
});
