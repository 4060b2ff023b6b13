import { randomUUID } from 'node:crypto';
import { DashboardClient, passwordHash, type RunningSystem, startSystem } from '@firstsync/system-harness';
import { testBrokers } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardRoute } from '../../../services/dashboard/src/app';
import { concretePath, PUBLIC_ROUTES, registeredDashboardRoutes } from './support/dashboard-routes';

// Sign-in and roles of the ops dashboard, against the real dashboard process over real HTTP.
const OPERATOR = { username: 'sec-operator', password: 'operator-password-9c1e55d2' };
const VIEWER = { username: 'sec-viewer', password: 'viewer-password-0b7f31aa' };
const PHARMACY_USER = { username: 'sec-pharmacy', password: 'pharmacy-password-5d20e8c4', pharmacyOds: 'FXA01' };
const SESSION_SECRET = 'session-secret-that-must-never-be-logged-4e8a61c3';
const CONSULTATION_ID = '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e02';

let system: RunningSystem;
let url: string;
let routes: DashboardRoute[];

beforeAll(async () => {
  routes = await registeredDashboardRoutes();
  system = await startSystem({
    brokers: testBrokers(),
    topicPrefix: `t.sec-dashboard.${randomUUID().slice(0, 8)}.`,
    only: ['dashboard'],
    logLevel: 'debug',
    env: {
      dashboard: {
        DASHBOARD_USERS: JSON.stringify([
          { username: OPERATOR.username, role: 'operator', passwordHash: passwordHash(OPERATOR.password) },
          { username: VIEWER.username, role: 'viewer', passwordHash: passwordHash(VIEWER.password) },
          { username: PHARMACY_USER.username, role: 'pharmacy', pharmacyOds: PHARMACY_USER.pharmacyOds, passwordHash: passwordHash(PHARMACY_USER.password) },
        ]),
        DASHBOARD_SESSION_SECRET: SESSION_SECRET,
        DASHBOARD_LOGIN_MAX_FAILURES: '3',
        // As behind a reverse proxy: X-Forwarded-For gives each test client an address of its own.
        DASHBOARD_TRUST_PROXY: 'true',
      },
    },
  });
  url = system.url('dashboard');
}, 180_000);
afterAll(async () => {
  await system?.stop();
});

const routeKey = (route: DashboardRoute) => `${route.method} ${route.url}`;
const pathOf = (route: DashboardRoute) => concretePath(route.url, { id: CONSULTATION_ID, ods: 'A81001' });
const guarded = () => routes.filter((route) => !PUBLIC_ROUTES.has(routeKey(route)));

/** Why an anonymous answer is not a refusal, or undefined when it is one: 401/403, or 303 to the sign-in page (back to this very page for a GET). */
function notRefused(route: DashboardRoute, response: Response): string | undefined {
  if (response.status === 401 || response.status === 403) return undefined;
  if (response.status !== 303) return `answered ${response.status}`;
  const location = response.headers.get('location') ?? '';
  const match = /^\/login(?:\?next=([^&#]*))?$/.exec(location);
  if (!match) return `redirected to ${location}, not to the sign-in page`;
  if (route.method !== 'POST' && decodeURIComponent(match[1] ?? '%2F') !== pathOf(route)) return `sign-in page would return to ${match[1]}`;
  return undefined;
}

/** Reads the status and drops the body (server-sent events never end). */
async function settle(response: Response): Promise<Response> {
  await response.body?.cancel().catch(() => undefined);
  return response;
}

describe('dashboard route table', () => {
  it('is the registered one: it holds what hand-kept lists missed, and every public route exists', () => {
    const keys = new Set(routes.map(routeKey));
    for (const expected of [
      'GET /events',
      'GET /fragments/chart',
      'GET /consultations/:id/fragment',
      'POST /practices/hold',
      'POST /api/resend-set',
      'GET /resend-set',
    ])
      expect(keys, expected).toContain(expected);
    for (const open of PUBLIC_ROUTES) expect(keys, `public route ${open} no longer exists`).toContain(open);
    expect(guarded().length).toBeGreaterThan(30);
  });
});

describe('dashboard without signing in', () => {
  it('sends every guarded page to the sign-in page (back to it afterwards) and answers 401 to JSON callers', async () => {
    const anonymous = new DashboardClient(url);
    const problems: string[] = [];
    for (const route of guarded().filter((r) => r.method !== 'POST')) {
      const page = await settle(await anonymous.request(route.method, pathOf(route)));
      // The JSON API and the event stream always answer 401; pages send browsers to sign in.
      const machine = route.url.startsWith('/api/') || route.url === '/events';
      const why = machine
        ? page.status === 401
          ? undefined
          : `answered ${page.status}, not 401`
        : page.status === 303
          ? notRefused(route, page)
          : `answered ${page.status}, not a redirect to sign in`;
      if (why) problems.push(`${routeKey(route)}: ${why}`);
      const json = await settle(await anonymous.request(route.method, pathOf(route), { headers: { accept: 'application/json' } }));
      if (json.status !== 401) problems.push(`${routeKey(route)} (JSON): answered ${json.status}, not 401`);
    }
    expect(problems).toEqual([]);
  });

  it('refuses every guarded command, with or without the token of the sign-in form', async () => {
    const anonymous = new DashboardClient(url);
    const token = await anonymous.csrfToken('/login');
    const problems: string[] = [];
    for (const route of guarded().filter((r) => r.method === 'POST')) {
      const attempts: [string, Response][] = [
        ['form', await anonymous.request('POST', pathOf(route), { form: { reason: 'security test', practiceOds: 'A81001', _csrf: token } })],
        ['JSON', await anonymous.request('POST', pathOf(route), { json: { reason: 'security test' }, headers: { accept: 'application/json' } })],
        [
          'JSON with token',
          await anonymous.request('POST', pathOf(route), { json: { reason: 'security test' }, headers: { accept: 'application/json', 'x-csrf-token': token } }),
        ],
      ];
      for (const [how, response] of attempts) {
        const why = notRefused(route, response);
        if (why) problems.push(`${routeKey(route)} (${how}): ${why}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('dashboard roles', () => {
  it('lets a viewer read every guarded page but post no operator command', async () => {
    const viewer = new DashboardClient(url, '198.51.100.11');
    expect((await viewer.login(VIEWER.username, VIEWER.password)).status).toBe(303);
    const token = await viewer.csrfToken('/');
    const problems: string[] = [];
    for (const route of guarded()) {
      if (route.method === 'POST') {
        const form = await viewer.request('POST', pathOf(route), { form: { reason: 'viewer tries an operator action', practiceOds: 'A81001', _csrf: token } });
        const api = await viewer.request('POST', pathOf(route), {
          json: { reason: 'viewer tries an operator action' },
          headers: { accept: 'application/json', 'x-csrf-token': token },
        });
        if (form.status !== 403 || api.status !== 403) problems.push(`${routeKey(route)}: viewer got ${form.status} (form) / ${api.status} (JSON), not 403`);
        continue;
      }
      const response = await settle(
        await viewer.request(route.method, pathOf(route), { headers: { accept: route.url.startsWith('/api/') ? 'application/json' : 'text/html' } }),
      );
      // Signed in: never sent to sign in. 404 for the made-up consultation; 403 for the operator's
      // bulk-resend page and for the pharmacy staff's worklist (it shows patient identifiers); /outcomes
      // sends the viewer on to England's outcomes.
      const expected = route.url.includes(':id')
        ? [404]
        : route.url === '/resend-set' || route.url === '/worklist'
          ? [403]
          : route.url === '/outcomes'
            ? [303]
            : [200];
      if (!expected.includes(response.status)) problems.push(`${routeKey(route)}: viewer got ${response.status}, expected ${expected.join(' or ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps a pharmacy user to their worklist: every other page, API and command is refused', async () => {
    const pharmacy = new DashboardClient(url, '198.51.100.13');
    expect((await pharmacy.login(PHARMACY_USER.username, PHARMACY_USER.password)).status).toBe(303);
    const token = await pharmacy.csrfToken('/worklist');
    const problems: string[] = [];
    for (const route of guarded()) {
      if (route.url.startsWith('/worklist')) continue;
      const response =
        route.method === 'POST'
          ? await pharmacy.request('POST', pathOf(route), { form: { reason: 'pharmacy user tries an ops action', practiceOds: 'A81001', _csrf: token } })
          : await settle(
              await pharmacy.request(route.method, pathOf(route), { headers: { accept: route.url.startsWith('/api/') ? 'application/json' : 'text/html' } }),
            );
      if (response.status !== 403) problems.push(`${routeKey(route)}: pharmacy user got ${response.status}, not 403`);
    }
    expect(problems).toEqual([]);
    expect((await settle(await pharmacy.request('GET', '/worklist'))).status).toBe(200);
  });

  it('lets an operator post a command (with the session token only)', async () => {
    const operator = new DashboardClient(url, '198.51.100.12');
    expect((await operator.login(OPERATOR.username, OPERATOR.password)).status).toBe(303);
    const withoutToken = await operator.request('POST', '/api/practices/A81001/hold', {
      json: { reason: 'security test hold' },
      headers: { accept: 'application/json' },
    });
    expect(withoutToken.status).toBe(403);
    const token = await operator.csrfToken('/');
    const held = await operator.request('POST', '/api/practices/A81001/hold', {
      json: { reason: 'security test hold' },
      headers: { accept: 'application/json', 'x-csrf-token': token },
    });
    expect(held.status).toBe(202);
    const crossSite = await operator.request('POST', '/api/practices/A81001/release', {
      json: { reason: 'from another site' },
      headers: { accept: 'application/json', 'x-csrf-token': token, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('does not let wrong passwords from someone else lock an operator out', async () => {
    // The operator's own browser: signed in before, then signed out.
    const operator = new DashboardClient(url, '198.51.100.20');
    expect((await operator.login(OPERATOR.username, OPERATOR.password)).status).toBe(303);
    expect((await operator.request('POST', '/logout', { form: { _csrf: await operator.csrfToken('/') } })).status).toBe(303);

    const attacker = new DashboardClient(url, '203.0.113.9');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await attacker.login(OPERATOR.username.toUpperCase(), `wrong-password-${i}`)).status);
    // Three free failures, then the attacker's own address has to wait, growing.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3).every((status) => status === 429)).toBe(true);

    // The operator's browser gets in at once; an unfamiliar browser is asked to wait a moment only.
    expect((await operator.login(OPERATOR.username, OPERATOR.password)).status).toBe(303);
    const unfamiliar = new DashboardClient(url, '198.51.100.21');
    const elsewhere = await unfamiliar.login(OPERATOR.username, OPERATOR.password);
    expect([303, 429]).toContain(elsewhere.status);
    if (elsewhere.status === 429) {
      const wait = Number(elsewhere.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(2);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      expect((await unfamiliar.login(OPERATOR.username, OPERATOR.password)).status).toBe(303);
    }
  });
});

describe('dashboard hardening', () => {
  it('sets security headers and strict cookies', async () => {
    const client = new DashboardClient(url);
    const login = await client.request('GET', '/login');
    for (const [name, pattern] of Object.entries({
      'content-security-policy': /default-src 'self'.*frame-ancestors 'none'/,
      'x-frame-options': /^DENY$/,
      'x-content-type-options': /^nosniff$/,
      'referrer-policy': /^no-referrer$/,
    })) {
      expect(login.headers.get(name) ?? '', name).toMatch(pattern);
    }
    const cookie = login.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it('never logs passwords, the session secret or session cookies', async () => {
    const client = new DashboardClient(url, '198.51.100.30');
    expect((await client.login(OPERATOR.username, OPERATOR.password)).status).toBe(303);
    await client.request('POST', '/logout', { form: { _csrf: await client.csrfToken('/') } });
    expect((await client.login(OPERATOR.username, 'a-wrong-password-never-logged')).status).toBe(401);
    expect((await client.login(OPERATOR.username, OPERATOR.password)).status).toBe(303);
    await client.request('GET', '/');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logs = system.logs.map((l) => l.line).join('\n');
    expect(logs).toContain('login succeeded'); // the log was captured, so the checks below can fail
    for (const secret of [
      OPERATOR.password,
      VIEWER.password,
      'a-wrong-password-never-logged',
      SESSION_SECRET,
      ...client.cookieValues().filter((value) => value.length > 0),
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
