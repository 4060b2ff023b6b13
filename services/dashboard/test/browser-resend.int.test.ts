import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createPipelineEvent } from '@firstsync/contracts';
import { createRecordProducer, type RecordProducer, type TopicNames } from '@firstsync/kafka';
import { buildNhsSimulator, type NhsSimulator } from '@firstsync/nhs-simulator';
import { isolatedTopics, quietLogger, testBrokers, testKafka } from '@firstsync/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The real delivery service, in-process (its src/app.ts and src/config.ts, as every service has).
import { buildDelivery, type DeliveryService } from '../../delivery/src/app';
import { loadDeliveryConfig } from '../../delivery/src/config';
import { launchChromium, screenshot, signInWithForm } from './support/browser';
import { DEMO, eventually, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { minimalGpMessage } from './support/gp-message';

const PRACTICE = 'A81001';

/**
 * The whole loop in a real browser: a message the (simulated) GP system rejects is dead-lettered by
 * the real delivery service; the operator finds it, the practice is fixed, one click on Resend, and
 * the page turns it delivered through server-sent events, without a reload.
 */
describe('browser: an operator resends a dead-lettered consultation', () => {
  let topics: TopicNames;
  let browser: Browser;
  let simulator: NhsSimulator;
  let simulatorUrl: string;
  let delivery: DeliveryService;
  let running: RunningDashboard;
  let producer: RecordProducer;

  const setFaults = (faults: unknown) =>
    fetch(`${simulatorUrl}/admin/practices/${PRACTICE}/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });

  beforeAll(async () => {
    const isolated = await isolatedTopics('dash-resend');
    topics = isolated.topics;
    simulator = buildNhsSimulator({ config: { SIMULATOR_BODY_LIMIT_BYTES: 1_000_000 }, logger: quietLogger });
    await simulator.app.listen({ host: '127.0.0.1', port: 0 });
    simulatorUrl = `http://127.0.0.1:${(simulator.app.server.address() as AddressInfo).port}`;
    // The practice's GP system refuses every message permanently until the test says otherwise.
    expect((await setFaults({ reject: { status: 422, diagnostics: 'Patient not registered at this practice' } })).status).toBe(200);

    const deliveryConfig = loadDeliveryConfig({
      KAFKA_BROKERS: testBrokers(),
      KAFKA_TOPIC_PREFIX: isolated.prefix,
      KAFKA_GROUP_ID: `delivery-${randomUUID()}`,
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      PORT: '0',
      PRACTICE_DIRECTORY: JSON.stringify({
        default: null,
        practices: { [PRACTICE]: { transport: 'fhir-rest', fhirBaseUrl: `${simulatorUrl}/fhir/${PRACTICE}` } },
      }),
      FHIR_REQUEST_TIMEOUT_MS: '5000',
      STATE_CATCH_UP_TIMEOUT_MS: '20000',
      SHUTDOWN_GRACE_MS: '1000',
    });
    delivery = buildDelivery({ config: deliveryConfig, logger: quietLogger, kafka: testKafka('delivery') });
    producer = createRecordProducer(testKafka('dash-resend-test'), quietLogger);
    [browser, running] = await Promise.all([
      launchChromium(),
      startDashboard({ prefix: isolated.prefix, topics }),
      delivery.start().then(() => undefined),
      producer.connect(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await delivery?.stop();
    await delivery?.app.close();
    await producer?.disconnect();
    await simulator?.app.close();
  });

  it('finds the dead-lettered consultation, resends it with one click and sees it delivered live', async () => {
    const gpMessage = minimalGpMessage({ practiceOds: PRACTICE, nhsNumber: '9990007777', surname: 'BROWSERPATIENT' });
    const id = gpMessage.consultationId;
    const upstream = {
      consultationId: id,
      version: 1,
      correlationId: gpMessage.correlationId,
      pharmacyOds: gpMessage.pharmacyOds,
      practiceOds: PRACTICE,
      service: gpMessage.service,
    };
    // What ingest and the mapper record before the message reaches delivery, then the message itself.
    await producer.send([
      {
        topic: topics.pipelineEvents,
        key: id,
        value: JSON.stringify(createPipelineEvent({ type: 'received', source: 'ingest', ...upstream, at: new Date(Date.now() - 2_000).toISOString() })),
      },
      {
        topic: topics.pipelineEvents,
        key: id,
        value: JSON.stringify(createPipelineEvent({ type: 'mapped', source: 'fhir-mapper', ...upstream, at: new Date(Date.now() - 1_000).toISOString() })),
      },
      { topic: topics.gpMessages, key: PRACTICE, value: JSON.stringify(gpMessage) },
    ]);
    await eventually(
      'delivery to dead-letter the rejected message',
      async () => ((await running.dashboard.readModel.get(id))?.view.state === 'dead-lettered' ? true : undefined),
      45_000,
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signInWithForm(page, running.baseUrl, DEMO.operator.username, DEMO.operator.password);
      await expect.poll(() => page.locator('[data-count="dead-lettered"]').first().textContent(), { timeout: 10_000 }).toBe('1');
      await screenshot(page, 'overview');

      // Find it the way an operator would: the dead-lettered count, then the row.
      await page.locator('a[href="/consultations?state=dead-lettered"]').click();
      await page.waitForURL(/state=dead-lettered/);
      await page.locator(`tr[data-consultation-id="${id}"] a[href="/consultations/${id}"]`).click();
      await page.waitForURL(`${running.baseUrl}/consultations/${id}`);
      await expect.poll(() => page.getByTestId('consultation-state').textContent()).toBe('Dead-lettered');
      expect(await page.getByTestId('identity').textContent()).toContain('*** masked ***');
      expect(await page.content()).not.toContain('BROWSERPATIENT');
      await expect.poll(() => page.getByTestId('live-indicator').textContent(), { timeout: 15_000 }).toContain('Live');

      // The practice fixes its side; the operator resends. A marker on window proves no reload.
      expect((await fetch(`${simulatorUrl}/admin/practices/${PRACTICE}/faults`, { method: 'DELETE' })).status).toBe(204);
      await page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));
      await page.getByTestId('resend').click();

      await expect.poll(() => page.getByTestId('consultation-state').textContent(), { timeout: 45_000 }).toBe('Delivered');
      expect(await page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      expect(page.url()).toBe(`${running.baseUrl}/consultations/${id}`);
      await expect.poll(() => page.locator('#live-status').textContent(), { timeout: 15_000 }).toBe('This consultation is now Delivered.');
      const timeline = await page.locator('[data-testid="timeline"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event-type')));
      // Every stage and both attempts, in order: the rejected one, the operator's request, the accepted one.
      const order = ['received', 'mapped', 'sent', 'dead-lettered', 'resend-requested', 'sent', 'delivered'];
      expect(timeline.filter((type) => type !== null && order.includes(type))).toEqual(order);
      expect(await page.getByTestId('resend').count()).toBe(0);
      // The message is described, not shown, until an operator reveals it (audited).
      expect(await page.getByTestId('message-json').count()).toBe(0);
      expect(await page.getByTestId('message-withheld').isVisible()).toBe(true);
      expect(await page.getByTestId('message-outline').textContent()).toContain('Patient');
      expect(await page.content()).not.toContain('BROWSERPATIENT');
      await screenshot(page, 'consultation-detail');
      await Promise.all([page.waitForURL(`${running.baseUrl}/consultations/${id}/reveal`), page.getByTestId('reveal').click()]);
      expect(await page.getByTestId('nhs-number').textContent()).toBe('999 000 7777');
      expect(await page.getByTestId('message-json').textContent()).toContain('"family": "BROWSERPATIENT"');
      await screenshot(page, 'consultation-revealed');

      // The GP side really has it now, once; and the audit log names who asked.
      const received = (await (await fetch(`${simulatorUrl}/admin/received?practiceOds=${PRACTICE}`)).json()) as {
        count: number;
        messages: { bundleIdentifier: string }[];
      };
      expect(received.messages.map((m) => m.bundleIdentifier)).toEqual([gpMessage.identifiers.bundleIdentifier]);
      const command = page.locator('tr[data-audit-type="resend"]');
      const auditShowsIt = async () => {
        await page.goto(`${running.baseUrl}/audit`);
        // The command row, with the outcome delivery reported for it (resend-requested).
        return (await command.count()) === 1 && ((await command.textContent()) ?? '').includes('resend-requested');
      };
      await expect.poll(auditShowsIt, { timeout: 20_000, interval: 500 }).toBe(true);
      expect(await command.textContent()).toContain('operator');
    } finally {
      await context.close();
    }
  }, 120_000);
});
