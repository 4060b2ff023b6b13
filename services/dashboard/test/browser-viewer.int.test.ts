import { randomUUID } from 'node:crypto';
import { createRecordProducer } from '@firstsync/kafka';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signInWithForm } from './support/browser';
import { DEMO, eventually, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { journey } from './support/events';
import { minimalGpMessage } from './support/gp-message';

describe('browser: a viewer cannot resend; a pharmacy user sees only its worklist', () => {
  let browser: Browser;
  let running: RunningDashboard;
  const deadId = randomUUID();

  beforeAll(async () => {
    const { prefix, topics } = await isolatedTopics('dash-viewer');
    const producer = createRecordProducer(testKafka('dash-viewer-test'), quietLogger);
    await producer.connect();
    const now = Date.now();
    const events = journey(
      deadId,
      [
        ['received', 0],
        ['mapped', 1],
        ['sent', 2],
        ['dead-lettered', 3, { code: '422', message: 'rejected by the GP system' }],
      ],
      'A81001',
      DEMO.pharmacy.pharmacyOds,
    ).map((e, i) => ({ ...e, at: new Date(now - 5_000 + i * 1_000).toISOString() }));
    const message = minimalGpMessage({
      consultationId: deadId,
      practiceOds: 'A81001',
      pharmacyOds: DEMO.pharmacy.pharmacyOds,
      nhsNumber: '9990005555',
      surname: 'BROWSERPATIENT',
    });
    await producer.send([
      ...events.map((e) => ({ topic: topics.pipelineEvents, key: deadId, value: JSON.stringify(e) })),
      { topic: topics.gpMessages, key: 'A81001', value: JSON.stringify(message) },
    ]);
    await producer.disconnect();
    [browser, running] = await Promise.all([launchChromium(), startDashboard({ prefix, topics })]);
    await eventually('the dead-lettered consultation and its identifiers', async () =>
      (await running.dashboard.readModel.get(deadId))?.view.state === 'dead-lettered' && running.dashboard.identities.has(deadId) ? true : undefined,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('shows the viewer no Resend button, and refuses a forged resend with 403', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInWithForm(page, running.baseUrl, DEMO.viewer.username, DEMO.viewer.password);
      await expect.poll(() => page.getByTestId('current-user').textContent()).toBe('viewer');

      await page.goto(`${running.baseUrl}/consultations?state=dead-lettered`);
      const row = page.locator(`tr[data-consultation-id="${deadId}"]`);
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.getByTestId('resend').count()).toBe(0);

      await page.goto(`${running.baseUrl}/consultations/${deadId}`);
      await expect.poll(() => page.getByTestId('consultation-state').textContent()).toBe('Dead-lettered');
      expect(await page.getByTestId('resend').count()).toBe(0);
      expect(await page.getByTestId('reveal').count()).toBe(0);
      expect(await page.getByTestId('identity').textContent()).toContain('*** masked ***');

      // The viewer forges the operator's requests from the page itself, with a valid session and
      // CSRF token: the role check refuses them all the same.
      const token = (await page.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '';
      expect(token).not.toBe('');
      const statuses = await page.evaluate(
        async ({ id, token }) => {
          const form = await fetch(`/consultations/${id}/resend`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: token, reason: 'forged' }).toString(),
            redirect: 'manual',
          });
          const api = await fetch(`/api/consultations/${id}/resend`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': token },
            body: '{}',
          });
          const reveal = await fetch(`/api/consultations/${id}/reveal`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': token },
            body: '{}',
          });
          return [form.status, api.status, reveal.status];
        },
        { id: deadId, token },
      );
      expect(statuses).toEqual([403, 403, 403]);
    } finally {
      await context.close();
    }
  });

  it('shows a pharmacy user its worklist with the identifiers and suggested action, records a follow-up, and refuses every other page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInWithForm(page, running.baseUrl, DEMO.pharmacy.username, DEMO.pharmacy.password, '/worklist');
      const item = page.locator(`[data-testid="worklist-item"][data-consultation-id="${deadId}"]`);
      await expect.poll(() => item.count()).toBe(1);
      expect(await item.getAttribute('data-reason')).toBe('needs-attention');
      expect(await item.getByTestId('patient-identity').textContent()).toContain('999 000 5555');
      expect(await item.getByTestId('suggested-action').textContent()).toContain('phone the practice');
      // One page only: no navigation to the ops pages.
      expect(await page.locator('.nhsuk-header__navigation-link').allTextContents()).toEqual(['Follow-up worklist']);

      await screenshot(page, 'pharmacy-worklist-item');
      await item.getByLabel('Phoned the practice').check();
      await Promise.all([page.waitForURL(`${running.baseUrl}/worklist`), item.getByTestId('mark-followed-up').click()]);
      expect(await page.getByTestId('flash').textContent()).toContain('Marked as followed up');
      expect(await page.locator(`[data-consultation-id="${deadId}"]`).count()).toBe(0);
      await screenshot(page, 'pharmacy-worklist-done');
      // Audited through Kafka: the consumer reads the follow-up back into the consultation's timeline.
      const followedUp = await eventually('the followed-up event read back from Kafka', async () =>
        (await running.dashboard.readModel.get(deadId))?.timeline.find((e) => e.type === 'followed-up'),
      );
      expect(followedUp).toMatchObject({ actor: DEMO.pharmacy.username, code: 'phoned-practice', pharmacyOds: DEMO.pharmacy.pharmacyOds });

      for (const path of ['/', '/consultations', `/consultations/${deadId}`, '/audit', '/webhooks']) {
        const response = await page.goto(`${running.baseUrl}${path}`);
        expect(response?.status(), path).toBe(403);
      }
    } finally {
      await context.close();
    }
  });
});
