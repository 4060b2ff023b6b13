import { randomUUID } from 'node:crypto';
import { createRecordProducer } from '@firstsync/kafka';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInWithForm } from './support/browser';
import { DEMO, eventually, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { journey } from './support/events';

describe('browser: a viewer cannot resend', () => {
  let browser: Browser;
  let running: RunningDashboard;
  const deadId = randomUUID();

  beforeAll(async () => {
    const { prefix, topics } = await isolatedTopics('dash-viewer');
    const producer = createRecordProducer(testKafka('dash-viewer-test'), quietLogger);
    await producer.connect();
    const now = Date.now();
    const events = journey(deadId, [
      ['received', 0],
      ['mapped', 1],
      ['sent', 2],
      ['dead-lettered', 3, { code: '422', message: 'rejected by the GP system' }],
    ]).map((e, i) => ({ ...e, at: new Date(now - 5_000 + i * 1_000).toISOString() }));
    await producer.send(events.map((e) => ({ topic: topics.pipelineEvents, key: deadId, value: JSON.stringify(e) })));
    await producer.disconnect();
    [browser, running] = await Promise.all([launchChromium(), startDashboard({ prefix, topics })]);
    await eventually('the dead-lettered consultation', async () =>
      (await running.dashboard.readModel.get(deadId))?.view.state === 'dead-lettered' ? true : undefined,
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
});
