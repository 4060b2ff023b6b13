import type { PipelineEvent } from '@firstsync/contracts';
import type { OutcomesStore } from '@firstsync/outcomes-store';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disclosedFiguresSchema } from '../src/outcomes/api-schema';
import { outcomesCsv } from '../src/outcomes/csv';
import { DEMO } from './support/dashboard-harness';
import { InjectClient } from './support/inject-client';
import { type OfflineDashboard, offlineDashboard } from './support/offline-dashboard';
import { factRecords } from './support/outcome-facts';
import { fixtureOutcomesStore } from './support/outcomes-store';

// Who sees which outcome figures, enforced on the server for pages, the JSON API and CSV exports,
// over a real (embedded) outcomes store placing practices by the synthetic reference fixture.

const PERIOD = '?granularity=month&from=2025-01-01&to=2025-03-01';
const JANUARY = '?granularity=month&from=2025-01-01&to=2025-02-01';

const RECORDS = [
  // PCN U90001 (ICB QZA): 12 antibiotic supplies filed in January, 3 advice-only switched off (20010) in February.
  ...factRecords({ practiceOds: 'A81001', pharmacyOds: 'FXA01', date: '2025-01-15', count: 12 }),
  ...factRecords({ practiceOds: 'A81001', pharmacyOds: 'FXA01', date: '2025-02-10', outcome: 'advice-only', result: 'switched-off', count: 3 }),
  // PCN U90002 (ICB QZA): 9 sore throats referred, from another pharmacy.
  ...factRecords({ practiceOds: 'A81003', pharmacyOds: 'FXB02', date: '2025-02-05', pathway: 'sore-throat', outcome: 'referred-to-gp', count: 9 }),
  // ICB QZB: 20 at M85063, and 2 of its patients seen by FXA01 (a pharmacy serving two ICBs).
  ...factRecords({ practiceOds: 'M85063', pharmacyOds: 'FXC03', date: '2025-01-20', count: 20 }),
  ...factRecords({ practiceOds: 'M85063', pharmacyOds: 'FXA01', date: '2025-01-21', count: 2 }),
];

let store: OutcomesStore;
let offline: OfflineDashboard;
beforeAll(async () => {
  store = await fixtureOutcomesStore(RECORDS);
  offline = await offlineDashboard({ outcomes: store });
});
afterAll(async () => {
  await offline?.close();
  await store?.close();
});

async function signedIn(user: { username: string; password: string }): Promise<InjectClient> {
  const client = new InjectClient(offline.dashboard, `198.51.100.${Math.floor(Math.random() * 200) + 1}`);
  expect((await client.login(user.username, user.password)).status).toBe(303);
  return client;
}

/** The page, its JSON and its CSV: one path, three answers. */
const threeWays = (area: string, query = PERIOD) => [`/outcomes/${area}${query}`, `/api/outcomes/${area}${query}`, `/api/outcomes/${area}.csv${query}`];

const exports = () =>
  offline.sent
    .filter((r) => r.topic.endsWith('pipeline.events.v1') && typeof r.value === 'string')
    .map((r) => JSON.parse(String(r.value)) as PipelineEvent)
    .filter((e) => e.type === 'exported');

async function json(client: InjectClient, url: string) {
  const response = await client.request('GET', url);
  expect(response.status, url).toBe(200);
  return disclosedFiguresSchema.parse(JSON.parse(response.body));
}

describe('outcomes roles: their own area, nothing else', () => {
  it('lands each outcomes user on their own area after sign-in', async () => {
    for (const [user, home] of [
      [DEMO.commissioner, '/outcomes/icb/QZA'],
      [DEMO.pcnLead, '/outcomes/pcn/U90001'],
      [DEMO.pharmacyManager, '/outcomes/pharmacy/FXA01'],
    ] as const) {
      const client = new InjectClient(offline.dashboard, '198.51.100.230');
      const login = await client.login(user.username, user.password, { next: '/consultations' });
      expect(login.headers.location, user.username).toBe(home);
      expect((await client.request('GET', '/outcomes')).headers.location).toBe(home);
    }
  });

  it('lets a commissioner see their ICB and what lies in it, and refuses every other area (page, JSON, CSV)', async () => {
    const commissioner = await signedIn(DEMO.commissioner);
    for (const area of [
      'icb/QZA',
      'sub-icb/Z1A',
      'sub-icb/Z1B',
      'pcn/U90001',
      'pcn/U90002',
      'practice/A81001',
      'practice/A81003',
      'pharmacy/FXA01',
      'pharmacy/FXB02',
    ])
      for (const url of threeWays(area)) expect((await commissioner.request('GET', url)).status, url).toBe(200);
    for (const area of ['national', 'icb/QZB', 'sub-icb/Z2A', 'pcn/U90004', 'practice/M85063', 'practice/P87651', 'pharmacy/FXC03'])
      for (const url of threeWays(area)) expect((await commissioner.request('GET', url)).status, url).toBe(403);
  });

  it("counts only the commissioner's own patients at a pharmacy that serves two ICBs", async () => {
    const commissioner = await signedIn(DEMO.commissioner);
    const viewer = await signedIn(DEMO.viewer);
    const own = await json(commissioner, `/api/outcomes/pharmacy/FXA01${JANUARY}`);
    const all = await json(viewer, `/api/outcomes/pharmacy/FXA01${JANUARY}`);
    expect(own.totals.consultations).toBe(10); // 12 of QZA's patients, to the nearest 5
    expect(all.totals.consultations).toBe(15); // 12 + 2 of QZB's
    expect(own.flows.map((f) => f.practiceOds)).toEqual(['A81001']);
    expect(all.flows.map((f) => [f.practiceOds, f.count])).toEqual([
      ['A81001', 10],
      ['M85063', '*'],
    ]);
  });

  it('lets a PCN lead see their PCN, its practices and the pharmacies serving them; 403 for another PCN, forged or not', async () => {
    const lead = await signedIn(DEMO.pcnLead);
    for (const area of ['pcn/U90001', 'practice/A81001', 'pharmacy/FXA01'])
      for (const url of threeWays(area)) expect((await lead.request('GET', url)).status, url).toBe(200);
    for (const area of [
      'pcn/U90002',
      'pcn/U90004',
      'practice/A81003',
      'practice/M85063',
      'pharmacy/FXB02',
      'pharmacy/FXC03',
      'sub-icb/Z1A',
      'icb/QZA',
      'national',
    ])
      for (const url of threeWays(area)) expect((await lead.request('GET', url)).status, url).toBe(403);
    // Forged: JSON asked of the page, extra parameters, an encoded slash, other spellings of the code.
    const forged = [
      ['/outcomes/pcn/U90002', { accept: 'application/json' }],
      [`/api/outcomes/pcn/U90002.csv${PERIOD}&within=pcn&scope=U90001&level=pcn&code=U90001`, {}],
      ['/api/outcomes/pcn/U90001%2F..%2FU90002', {}],
      ['/api/outcomes/pcn/u90002', {}],
      ['/api/outcomes/pcn/U90002.CSV', {}],
      ['/api/outcomes/pcn/U90002.json', {}],
      ['/api/outcomes/pcn/U90001/../U90002', {}],
    ] as const;
    for (const [url, headers] of forged) {
      const response = await lead.request('GET', url, { headers });
      expect([403, 404], url).toContain(response.status);
    }
  });

  it("places a practice that changed PCN on the day: the old PCN's lead sees it before the move, not after", async () => {
    const lead = await signedIn(DEMO.pcnLead);
    // A81002 left U90001 for U90002 on 2024-10-01.
    expect((await lead.request('GET', '/api/outcomes/practice/A81002?granularity=month&from=2024-08-01&to=2024-10-01')).status).toBe(200);
    expect((await lead.request('GET', `/api/outcomes/practice/A81002${PERIOD}`)).status).toBe(403);
  });

  it('lets a pharmacy manager see their own pharmacy only', async () => {
    const manager = await signedIn(DEMO.pharmacyManager);
    for (const url of threeWays('pharmacy/FXA01')) expect((await manager.request('GET', url)).status, url).toBe(200);
    for (const area of ['pharmacy/FXB02', 'practice/A81001', 'pcn/U90001', 'icb/QZA', 'national'])
      for (const url of threeWays(area)) expect((await manager.request('GET', url)).status, url).toBe(403);
    // Their page links to no practice (each would be refused).
    const page = await manager.request('GET', `/outcomes/pharmacy/FXA01${PERIOD}`);
    expect(page.body).not.toMatch(/href="\/outcomes\/practice\//);
  });

  it('answers 403 to every outcomes user on every operational page and API', async () => {
    const csrfOf = (body: string) => defined(/<meta name="csrf-token" content="([^"]+)">/.exec(body)?.[1], 'a CSRF token on the page');
    const open = (url: string) =>
      url === '/login' ||
      url === '/logout' ||
      url.startsWith('/health/') ||
      url.startsWith('/assets/') ||
      url.startsWith('/outcomes') ||
      url.startsWith('/api/outcomes');
    const routes = offline.dashboard.routes.filter((r) => (r.method === 'GET' || r.method === 'POST') && !open(r.url));
    expect(routes.length).toBeGreaterThan(15);
    for (const user of [DEMO.commissioner, DEMO.pcnLead, DEMO.pharmacyManager]) {
      const client = await signedIn(user);
      const token = csrfOf((await client.request('GET', '/outcomes/national')).body);
      for (const route of routes) {
        const url = route.url.replace(':id', '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e02').replace(':ods', 'A81001');
        const response = await client.request(route.method as 'GET' | 'POST', url, route.method === 'POST' ? { form: { _csrf: token, reason: 'x' } } : {});
        expect(response.status, `${user.username} ${route.method} ${route.url}`).toBe(403);
      }
    }
    expect(offline.sent.filter((r) => r.topic.endsWith('ops.commands.v1'))).toEqual([]);
  });

  it('gives the ops roles every area, England included, and pharmacy (worklist) users none', async () => {
    for (const user of [DEMO.viewer, DEMO.operator]) {
      const ops = await signedIn(user);
      expect((await ops.request('GET', '/outcomes')).headers.location).toBe('/outcomes/national');
      for (const area of ['national', 'icb/QZB', 'pcn/U90002', 'practice/P87651', 'pharmacy/FXC03', 'pcn/unmapped'])
        for (const url of threeWays(area)) expect((await ops.request('GET', url)).status, url).toBe(200);
    }
    const pharmacy = await signedIn(DEMO.pharmacy);
    for (const url of [...threeWays('pharmacy/FXA01'), '/outcomes']) expect((await pharmacy.request('GET', url)).status, url).toBe(403);
  });
});

describe('outcomes exports', () => {
  it('records every export in the audit trail (who, area, period, format) and nothing for a refused one', async () => {
    const lead = await signedIn(DEMO.pcnLead);
    const before = exports().length;
    expect((await lead.request('GET', `/api/outcomes/pcn/U90002.csv${PERIOD}`)).status).toBe(403);
    expect((await lead.request('GET', `/outcomes/pcn/U90001${PERIOD}`)).status).toBe(200);
    expect(exports()).toHaveLength(before);
    const csv = await lead.request('GET', `/api/outcomes/pcn/U90001.csv${PERIOD}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="outcomes-pcn-U90001-month-2025-01-01-2025-03-01.csv"');
    await json(lead, `/api/outcomes/pcn/U90001${PERIOD}`);
    const recorded = exports().slice(before);
    expect(recorded.map((e) => [e.actor, e.code, e.details])).toEqual([
      ['pcn-lead', 'csv', { role: 'pcn-lead', level: 'pcn', area: 'U90001', granularity: 'month', from: '2025-01-01', to: '2025-03-01', format: 'csv' }],
      ['pcn-lead', 'json', { role: 'pcn-lead', level: 'pcn', area: 'U90001', granularity: 'month', from: '2025-01-01', to: '2025-03-01', format: 'json' }],
    ]);
    expect(recorded.every((e) => e.consultationId === undefined && e.source === 'dashboard')).toBe(true);
    const audit = await (await signedIn(DEMO.operator)).request('GET', '/audit');
    expect(audit.body).toContain('Outcome figures exported');
    expect(audit.body).toContain('PCN U90001, months from 2025-01-01 to 2025-03-01 (exclusive), as CSV');
  });

  it('exports exactly the disclosed figures: the CSV is the JSON, every count 0, * or a multiple of 5', async () => {
    const lead = await signedIn(DEMO.pcnLead);
    const figures = await json(lead, `/api/outcomes/pcn/U90001${PERIOD}`);
    const csv = await lead.request('GET', `/api/outcomes/pcn/U90001.csv${PERIOD}`);
    expect(csv.body).toBe(outcomesCsv(figures));
    // Hand-counted: 12 antibiotic supplies (January) and 3 advice-only (February) at A81001. The 3 is
    // hidden, so the 12 is too: shown beside the total (15) it would give the 3 away.
    expect(figures.totals.consultations).toBe(15);
    expect(figures.series).toEqual([
      { start: '2025-01-01', consultations: '*' },
      { start: '2025-02-01', consultations: '*' },
    ]);
    expect(figures.switchedOffPractices.map((p) => [p.practiceOds, p.count])).toEqual([['A81001', '*']]);
    const january = await json(lead, `/api/outcomes/pcn/U90001${JANUARY}`);
    expect(january.totals.consultations).toBe(10);
    expect(january.antibioticSupply.find((a) => a.pathway === 'acute-otitis-media')).toEqual({
      pathway: 'acute-otitis-media',
      consultations: 10,
      withAntibiotic: 10,
      ratePercent: 100,
    });
    expect(january.topMedicines).toEqual([{ dmdCode: '39732311000001104', consultations: 10, quantity: { value: 250, unitCode: '428673006' } }]);
    expect(january.deliveryMix.find((d) => d.result === 'filed')?.count).toBe(10);
    for (const line of csv.body.trim().split('\r\n').slice(1)) {
      const value = line.split(',').at(-1) ?? '';
      const measure = line.split(',')[5] ?? '';
      if (/percent|minutes/.test(measure) || value === '') continue;
      expect(value === '*' || Number(value) % 5 === 0, line).toBe(true);
    }
  });

  it('explains the suppression rule on the page and links the exports of the same period', async () => {
    const lead = await signedIn(DEMO.pcnLead);
    const page = await lead.request('GET', `/outcomes/pcn/U90001${PERIOD}`);
    expect(page.body).toContain('Counts from 1 to 7 are shown as <strong>*</strong>');
    expect(page.body).toContain('href="/api/outcomes/pcn/U90001.csv?granularity=month&amp;from=2025-01-01&amp;to=2025-03-01"');
    expect(page.body).toContain('<title id="series-title">');
  });

  it('answers 400 to a period that is not one, and 404 to an area that is not one', async () => {
    const viewer = await signedIn(DEMO.viewer);
    for (const query of [
      '?granularity=year',
      '?from=2025-01-01',
      '?granularity=month&from=2025-01-02&to=2025-03-01',
      '?granularity=week&from=2025-01-01&to=2025-03-01',
      '?from=2025-03-01&to=2025-01-01',
    ])
      for (const url of threeWays('icb/QZA', query)) expect((await viewer.request('GET', url)).status, url).toBe(400);
    for (const area of ['icb/ZZZ', 'pcn/12345', 'practice/unmapped', 'county/QZA', 'national/QZA'])
      for (const url of threeWays(area)) expect((await viewer.request('GET', url)).status, url).toBe(404);
  });
});
