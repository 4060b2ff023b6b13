import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from './support/dashboard-harness';
import { InjectClient } from './support/inject-client';
import { type OfflineDashboard, offlineDashboard } from './support/offline-dashboard';

// The probe's attacks on sign-in, made as reported, against the real app (no broker needed).
describe('sign-in under attack', () => {
  let offline: OfflineDashboard;

  beforeAll(async () => {
    offline = await offlineDashboard();
  });
  afterAll(async () => {
    await offline?.close();
  });

  it('keeps a signed-in operator signed in through 20,000 anonymous GET /login, and holds no state for them', async () => {
    const operator = new InjectClient(offline.dashboard, '198.51.100.7');
    expect((await operator.login(DEMO.operator.username, DEMO.operator.password)).status).toBe(303);
    expect((await operator.request('GET', '/')).status).toBe(200);
    const before = await offline.dashboard.sessions.count();

    const started = performance.now();
    for (let i = 0; i < 20_000; i += 1) {
      const response = await offline.dashboard.app.inject({ method: 'GET', url: '/login', remoteAddress: '203.0.113.66' });
      if (response.statusCode !== 200) throw new Error(`GET /login answered ${response.statusCode}`);
    }
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`[login flood] 20000 anonymous GET /login in ${seconds.toFixed(1)} s\n`);

    expect(await offline.dashboard.sessions.count()).toBe(before);
    const home = await operator.request('GET', '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('data-testid="current-user"');
  }, 180_000);

  it('lets the real operator in after someone else typed five wrong passwords for that account', async () => {
    // The operator signed in from this browser before (and signed out).
    const operator = new InjectClient(offline.dashboard, '198.51.100.20');
    expect((await operator.login(DEMO.operator.username, DEMO.operator.password)).status).toBe(303);
    const token = defined(/<meta name="csrf-token" content="([^"]+)">/.exec((await operator.request('GET', '/')).body)?.[1], 'the csrf-token meta tag');
    expect((await operator.request('POST', '/logout', { form: { _csrf: token } })).status).toBe(303);

    const attacker = new InjectClient(offline.dashboard, '203.0.113.9');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await attacker.login(DEMO.operator.username, `wrong-password-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    // At once, from the browser the operator uses: not held back at all.
    expect((await operator.login(DEMO.operator.username, DEMO.operator.password)).status).toBe(303);

    // From a browser the dashboard has never seen: a short wait at most, never 15 minutes.
    const elsewhere = new InjectClient(offline.dashboard, '198.51.100.21');
    const first = await elsewhere.login(DEMO.operator.username, DEMO.operator.password);
    if (first.status === 429) {
      const wait = Number(first.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(2);
      offline.clock.advance(wait * 1000);
      expect((await elsewhere.login(DEMO.operator.username, DEMO.operator.password)).status).toBe(303);
    } else {
      expect(first.status).toBe(303);
    }
  }, 60_000);
});
