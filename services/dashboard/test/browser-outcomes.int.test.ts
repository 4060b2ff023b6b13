import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { englandDateOf } from '@firstsync/contracts';
import { createRecordProducer } from '@firstsync/kafka';
import { factRecordKey } from '@firstsync/outcomes-core';
import type { OutcomesStore } from '@firstsync/outcomes-store';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disclosedFiguresSchema } from '../src/outcomes/api-schema';
import { outcomesCsv } from '../src/outcomes/csv';
import { launchChromium, screenshot, signInWithForm } from './support/browser';
import { DEMO, eventually, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { demoFactRecords } from './support/outcome-facts';
import { fixtureOutcomesStore } from './support/outcomes-store';

/** Where the README's outcomes screenshot lives; FIRSTSYNC_UPDATE_README_SCREENSHOT=1 refreshes it from this test. */
const README_SCREENSHOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'images', 'outcomes-icb.png');

describe('browser: outcomes by area, for a commissioner and a PCN lead', () => {
  let browser: Browser;
  let running: RunningDashboard;
  let store: OutcomesStore;

  beforeAll(async () => {
    const { prefix, topics } = await isolatedTopics('dash-outcomes');
    // A demo-like half year of facts on outcomes.facts.v1, absorbed by the dashboard as it runs.
    const records = demoFactRecords(englandDateOf(new Date()), 18);
    const producer = createRecordProducer(testKafka('dash-outcomes-test'), quietLogger);
    await producer.connect();
    await producer.send(records.map((r) => ({ topic: topics.outcomesFacts, key: factRecordKey(r), value: JSON.stringify(r) })));
    await producer.disconnect();
    store = await fixtureOutcomesStore();
    [browser, running] = await Promise.all([launchChromium(), startDashboard({ prefix, topics, outcomes: store })]);
    await defined(running.dashboard.outcomes?.absorber(), 'the outcomes absorber').catchUp(60_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await store?.close();
  });

  it('lets a commissioner see only their ICB, drill into a PCN and a practice, and download the CSV of the disclosed figures', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 1800 } });
    const page = await context.newPage();
    try {
      await signInWithForm(page, running.baseUrl, DEMO.commissioner.username, DEMO.commissioner.password, '/outcomes/icb/QZA');
      expect(await page.getByTestId('outcomes-heading').textContent()).toContain('ICB QZA');
      expect(await page.locator('.nhsuk-header__navigation-link').allTextContents()).toEqual(['Outcomes']);
      // Its sub-ICB locations, not the other ICB's; England is shown but not a link.
      const children = page.getByTestId('children');
      expect(await children.locator('a').allTextContents()).toEqual([
        'Sub-ICB location Z1A NHS NORTHSHIRE ICB - Z1A',
        'Sub-ICB location Z1B NHS NORTHSHIRE ICB - Z1B',
      ]);
      expect(await page.locator('.nhsuk-breadcrumb a').count()).toBe(0);
      expect(await page.getByTestId('suppression-rule').textContent()).toContain('Counts from 1 to 7 are shown as *');
      expect(await page.locator('svg[role="img"] title').count()).toBeGreaterThanOrEqual(4);
      const shot = await screenshot(page, 'outcomes-icb-commissioner');
      if (process.env.FIRSTSYNC_UPDATE_README_SCREENSHOT === '1') {
        mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
        await page.screenshot({ path: README_SCREENSHOT, fullPage: false });
      }
      expect(shot).toContain('outcomes-icb-commissioner');

      await Promise.all([page.waitForURL(/\/outcomes\/sub-icb\/Z1A\?/), children.getByRole('link', { name: /Z1A/ }).click()]);
      expect(await page.locator('.nhsuk-breadcrumb a').allTextContents()).toEqual(['ICB QZA']);
      await Promise.all([
        page.waitForURL(/\/outcomes\/pcn\/U90001\?/),
        page
          .getByTestId('children')
          .getByRole('link', { name: /U90001/ })
          .click(),
      ]);
      expect(await page.getByTestId('outcomes-heading').textContent()).toContain('PCN U90001 NORTHGATE AND RIVERSIDE PCN');
      await Promise.all([
        page.waitForURL(/\/outcomes\/practice\/A81001\?/),
        page
          .getByTestId('children')
          .getByRole('link', { name: /A81001/ })
          .click(),
      ]);
      expect(await page.getByTestId('outcomes-heading').textContent()).toContain('Practice A81001 NORTHGATE MEDICAL PRACTICE');
      expect(await page.locator('.nhsuk-breadcrumb a').allTextContents()).toEqual([
        'ICB QZA',
        expect.stringContaining('Z1A'),
        expect.stringContaining('U90001'),
      ]);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
      expect(download.suggestedFilename()).toMatch(/^outcomes-practice-A81001-month-\d{4}-\d{2}-01-\d{4}-\d{2}-01\.csv$/);
      const csv = readFileSync(defined(await download.path(), 'the downloaded file'), 'utf8');
      const jsonUrl = defined(await page.getByTestId('download-json').getAttribute('href'), 'the JSON link');
      const figures = disclosedFiguresSchema.parse(await (await page.request.get(`${running.baseUrl}${jsonUrl}`)).json());
      expect(csv).toBe(outcomesCsv(figures));
      const total = csv.split('\r\n').find((line) => line.includes(',consultations,current,'));
      expect(total?.split(',').at(-1)).toBe(String(figures.totals.consultations));
      const shownTotal = figures.totals.consultations;
      expect(await page.getByTestId('total-consultations').textContent()).toContain(
        shownTotal === '*' ? '*' : new Intl.NumberFormat('en-GB').format(shownTotal),
      );

      // The export is in the audit trail, read back from Kafka.
      const audited = await eventually('the CSV export in the audit log', async () =>
        (await running.dashboard.readModel.audit(50)).find((e) => e.type === 'exported' && e.actor === DEMO.commissioner.username && e.code === 'csv'),
      );
      expect(audited.message).toContain('Practice A81001');

      for (const path of ['/outcomes/icb/QZB', '/outcomes/national', '/outcomes/pcn/U90004', '/consultations', '/']) {
        const response = await page.goto(`${running.baseUrl}${path}`);
        expect(response?.status(), path).toBe(403);
      }
    } finally {
      await context.close();
    }
  });

  it("refuses a PCN lead another PCN's page, API and CSV, forged from their own session", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInWithForm(page, running.baseUrl, DEMO.pcnLead.username, DEMO.pcnLead.password, '/outcomes/pcn/U90001');
      expect(await page.getByTestId('outcomes-heading').textContent()).toContain('PCN U90001');
      const refused = await page.goto(`${running.baseUrl}/outcomes/pcn/U90002`);
      expect(refused?.status()).toBe(403);
      expect(await page.locator('h1').textContent()).toContain('You do not have permission');
      const statuses = await page.evaluate(async () =>
        Promise.all(
          [
            '/api/outcomes/pcn/U90002',
            '/api/outcomes/pcn/U90002.csv',
            '/api/outcomes/practice/A81003.csv',
            '/api/outcomes/icb/QZA',
            '/api/outcomes/pcn/U90001',
          ].map(async (url) => (await fetch(url, { headers: { accept: 'application/json' } })).status),
        ),
      );
      expect(statuses).toEqual([403, 403, 403, 403, 200]);
    } finally {
      await context.close();
    }
  });
});
