import { randomUUID } from 'node:crypto';
import type { OutcomesStore } from '@firstsync/outcomes-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardRoute } from '../src/app';
import { DEMO } from './support/dashboard-harness';
import { journey } from './support/events';
import { minimalGpMessage } from './support/gp-message';
import { InjectClient } from './support/inject-client';
import { type OfflineDashboard, offlineDashboard } from './support/offline-dashboard';
import { fixtureOutcomesStore } from './support/outcomes-store';
import { type RawResponse, rawRequest } from './support/raw-http';

/** What the probe sent, and what a hostile client can: every value below goes everywhere. */
const HOSTILE: readonly string[] = [
  '’', // U+2019, the curly apostrophe of O’Sullivan: outside Latin-1
  '/consultations?x=’',
  'Łukasiewicz Nguyễn',
  '😀',
  '\uD800', // a lone surrogate (not encodable as UTF-8)
  '\u0000',
  '\u001b[31m',
  '\u007f',
  '\r\nset-cookie: injected=1',
  '\u202e\u200b',
  'A'.repeat(70_000),
  '//evil.com',
  '/\\evil.com',
  '/\\/evil.com',
  'javascript:alert(1)',
  '/%2F%2Fevil.com',
  'https://evil.com/',
  '%',
  '%zz%E0%A4%A',
  '../../../../etc/passwd',
  '"><script>alert(1)</script>',
  '-1e309',
  '[]',
];

/** Percent-encoding byte by byte; the lone surrogate as the invalid UTF-8 a client can send. */
function pct(value: string): string {
  if (value === '\uD800') return '%ED%A0%80';
  return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** A hostile value as a header can carry it: Node's HTTP client refuses control characters in header values. */
function headerSafe(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point (the header itself would be refused)
  return value.replace(/[\u0000-\u001f\u007f]/g, '');
}

/** Raw bytes in the request line (spaces and line breaks would end it: those go encoded). */
function raw(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are exactly what must be percent-encoded to keep the request line intact
  return value.replace(/[\s\u0000-\u001f]/g, (c) => pct(c));
}

const NODE_ERROR = /ERR_[A-Z_]{3,}|Invalid character|TypeError|RangeError|URIError|Cannot read prop|node:internal|\n\s+at [^\n]+:\d+:\d+/;
const SAFE_LOCATION = /^\/(?![/\\])[\x21-\x7e]*$/;

function check(where: string, response: RawResponse): string[] {
  const problems: string[] = [];
  if (response.status < 200 || response.status >= 500) problems.push(`${where}: status ${response.status}`);
  if (NODE_ERROR.test(response.body)) problems.push(`${where}: error text ${NODE_ERROR.exec(response.body)?.[0]}`);
  const location = response.headers.location;
  if (location !== undefined && !SAFE_LOCATION.test(location)) problems.push(`${where}: unsafe Location ${location.slice(0, 80)}`);
  return problems;
}

describe('hostile input on every dashboard route', () => {
  let offline: OfflineDashboard;
  let outcomes: OutcomesStore | undefined;
  let baseUrl: string;
  const consultationId = randomUUID();

  beforeAll(async () => {
    // With an outcomes store, so the outcomes pages and exports are walked with real figures behind them.
    outcomes = await fixtureOutcomesStore();
    offline = await offlineDashboard({ outcomes });
    const { dashboard } = offline;
    for (const e of journey(
      consultationId,
      [
        ['received', 0],
        ['mapped', 1],
        ['sent', 2],
        ['dead-lettered', 3, { code: '422', message: 'rejected by the GP system' }],
      ],
      'A81001',
      DEMO.pharmacy.pharmacyOds,
    ))
      await dashboard.readModel.apply(e);
    const message = minimalGpMessage({ consultationId, practiceOds: 'A81001' });
    dashboard.identities.remember(message);
    dashboard.messages.remember(message, JSON.stringify(message));
    baseUrl = await offline.listen();
  });
  afterAll(async () => {
    await offline?.close();
    await outcomes?.close();
  });

  async function signedIn(username: string, password: string): Promise<{ cookie: string; token: string }> {
    const client = new InjectClient(offline.dashboard, '198.51.100.30');
    expect((await client.login(username, password)).status).toBe(303);
    // A pharmacy user's one page is the worklist, a commissioner's their ICB's outcomes; ops users start at the overview.
    const home = await client.request(
      'GET',
      username === DEMO.pharmacy.username ? '/worklist' : username === DEMO.commissioner.username ? '/outcomes/icb/QZA' : '/',
    );
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(home.body)?.[1] ?? '';
    return { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), token };
  }

  it('answers a sign-in whose next value holds a character outside Latin-1 with a safe redirect, never a 500', async () => {
    const problems: string[] = [];
    for (const next of HOSTILE) {
      const client = new InjectClient(offline.dashboard, '198.51.100.31');
      const token = await client.loginToken();
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const body = `_csrf=${encodeURIComponent(token)}&username=operator&password=operator-demo-password&next=${pct(next)}`;
      const response = await rawRequest(baseUrl, {
        method: 'POST',
        target: '/login',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      problems.push(...check(`POST /login next=${JSON.stringify(next.slice(0, 30))}`, response));
      if (response.status === 303) expect(response.headers.location).toMatch(SAFE_LOCATION);
      offline.clock.advance(1_000);
    }
    const { cookie } = await signedIn(DEMO.operator.username, DEMO.operator.password);
    for (const next of HOSTILE) {
      for (const target of [`/login?next=${pct(next)}`, `/login?next=${raw(next)}`]) {
        problems.push(...check(`GET ${target.slice(0, 60)} (signed in)`, await rawRequest(baseUrl, { method: 'GET', target, headers: { cookie } })));
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('never answers 5xx or Node error text, on any registered route, as anyone', async () => {
    const routes: readonly DashboardRoute[] = offline.dashboard.routes;
    // The list is the app's own: it must hold what the review found missing from hand-kept lists.
    const listed = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const expected of ['GET /events', 'GET /fragments/chart', 'GET /consultations/:id/fragment', 'POST /practices/hold', 'POST /login'])
      expect(listed, expected).toContain(expected);
    // Signing out ends the session the later requests use: it goes last.
    const ordered = [...routes].sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));

    const problems: string[] = [];
    let requests = 0;
    const send = async (where: string, request: Parameters<typeof rawRequest>[1]) => {
      requests += 1;
      try {
        const response = await rawRequest(baseUrl, request);
        // Readiness answers 503 by contract here: this dashboard has no broker, so it is not ready.
        if (request.target.startsWith('/health/ready') && response.status === 503) return;
        problems.push(...check(where, response));
      } catch (err) {
        problems.push(`${where}: ${(err as Error).message}`);
      }
    };

    for (const role of ['anonymous', 'viewer', 'operator', 'pharmacy', 'commissioner'] as const) {
      const session = role === 'anonymous' ? { cookie: '', token: 'no-token' } : await signedIn(DEMO[role].username, DEMO[role].password);
      // HEAD routes are Fastify's twins of the GET routes: walked once, anonymously.
      for (const route of ordered.filter((r) => r.method !== 'HEAD' || role === 'anonymous')) {
        const fill = (value: string) => route.url.replace(/:[A-Za-z]+/g, () => pct(value)).replace(/\*$/, pct(value));
        const valid = route.url
          .replace(':id', consultationId)
          .replace(':ods', 'A81001')
          .replace(':level', 'icb')
          .replace(':code', 'QZA')
          .replace(/\*$/, 'dashboard.css');
        const base = { ...(session.cookie ? { cookie: session.cookie } : {}) };
        const tasks: Promise<void>[] = [];
        for (const value of HOSTILE) {
          const label = `${role} ${route.method} ${route.url} ${JSON.stringify(value.slice(0, 24))}`;
          const query = ['next', 'state', 'page', 'pageSize', 'id', 'limit', 'minutes', 'practiceOds', 'pharmacyOds', 'from', 'to', 'service', 'granularity'];
          if (route.url.includes(':') || route.url.endsWith('*'))
            tasks.push(send(`${label} in path`, { method: route.method, target: fill(value), headers: base }));
          tasks.push(
            send(`${label} in query`, { method: route.method, target: `${valid}?${query.map((k) => `${k}=${pct(value)}`).join('&')}`, headers: base }),
          );
          tasks.push(send(`${label} raw in query`, { method: route.method, target: `${valid}?next=${raw(value)}&state=${raw(value)}`, headers: base }));
          // Hostile cookies replace the session, so once (anonymously) is enough.
          if (route.method !== 'HEAD' && value.length < 10_000 && !/[\r\n]/.test(value)) {
            const headerValue = headerSafe(value);
            tasks.push(
              send(`${label} in headers`, {
                method: route.method,
                target: valid,
                headers: {
                  ...base,
                  accept: headerValue,
                  referer: headerValue,
                  'x-csrf-token': headerValue,
                  'x-forwarded-host': headerValue,
                  'x-forwarded-for': headerValue,
                  ...(route.method === 'POST' ? { origin: headerValue } : {}),
                },
              }),
            );
            if (role === 'anonymous')
              tasks.push(
                send(`${label} as cookie`, {
                  method: route.method,
                  target: valid,
                  headers: { cookie: `firstsync_session=${headerValue}; firstsync_login=${headerValue}; firstsync_device=${headerValue}` },
                }),
              );
          }
          if (route.method === 'POST') {
            const fields = ['reason', 'practiceOds', 'next', 'username', 'password', 'token', 'expectedCount', 'state', 'from', 'outcome', 'followUpEventId'];
            const form = `_csrf=${encodeURIComponent(session.token)}&${fields.map((k) => `${k}=${pct(value)}`).join('&')}`;
            tasks.push(
              send(`${label} in form`, {
                method: 'POST',
                target: valid,
                headers: { ...base, 'content-type': 'application/x-www-form-urlencoded' },
                body: form,
              }),
            );
            const json = JSON.stringify(Object.fromEntries(fields.map((k) => [k, value])));
            tasks.push(
              send(`${label} in JSON`, {
                method: 'POST',
                target: valid,
                headers: { ...base, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': session.token },
                body: json,
              }),
            );
            tasks.push(
              send(`${label} as content type`, {
                method: 'POST',
                target: valid,
                headers: { ...base, 'content-type': headerSafe(value).slice(0, 4000), 'x-csrf-token': session.token },
                body: value.slice(0, 4000),
              }),
            );
          }
        }
        await Promise.all(tasks);
      }
    }
    process.stderr.write(`[dashboard fuzz] ${routes.length} routes, ${requests} hostile requests, ${problems.length} problems\n`);
    expect(requests).toBeGreaterThan(routes.length * HOSTILE.length * 3);
    // The operator's hostile reasons got past sign-in and CSRF to the handlers: commands went out.
    expect(offline.sent.length).toBeGreaterThan(0);
    expect(problems.slice(0, 40)).toEqual([]);
  }, 600_000);
});
