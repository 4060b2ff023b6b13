import { randomUUID } from 'node:crypto';
import type { PipelineEvent } from '@firstsync/contracts';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_DEFAULT_USERS } from '../src/auth/users';
import { journey } from './support/events';
import { minimalGpMessage } from './support/gp-message';
import { InjectClient } from './support/inject-client';
import { type OfflineDashboard, offlineDashboard } from './support/offline-dashboard';

const hashOf = (username: string) => defined(DEV_DEFAULT_USERS.find((u) => u.username === username)?.passwordHash, `${username}'s demo hash`);
const PASSWORD = { operator: 'operator-demo-password', viewer: 'viewer-demo-password', pharmacy: 'pharmacy-demo-password' };
const USERS = [
  { username: 'operator', role: 'operator', passwordHash: hashOf('operator') },
  { username: 'viewer', role: 'viewer', passwordHash: hashOf('viewer') },
  { username: 'pharm-a', role: 'pharmacy', pharmacyOds: 'FA123', passwordHash: hashOf('pharmacy') },
  { username: 'pharm-b', role: 'pharmacy', pharmacyOds: 'FB456', passwordHash: hashOf('pharmacy') },
];

const rejected = randomUUID(); // FA123: the practice says the patient left (30003)
const deadLettered = randomUUID(); // FA123: could not be delivered
const delivered = randomUUID(); // FA123: fine, not on the worklist
const otherPharmacy = randomUUID(); // FB456: rejected (30002)
const NHS_NUMBER = '9990007777';

function scenario(): PipelineEvent[] {
  return [
    ...journey(rejected, [
      ['received', 0],
      ['mapped', 1],
      ['sent', 2],
      ['bus-ack', 3, { code: '30003' }],
      ['needs-fallback', 4],
    ]),
    ...journey(deadLettered, [
      ['received', 10],
      ['mapped', 11],
      ['dead-lettered', 12, { code: '422', message: 'rejected by the GP system' }],
    ]),
    ...journey(delivered, [
      ['received', 20],
      ['mapped', 21],
      ['sent', 22],
      ['delivered', 23],
    ]),
    ...journey(
      otherPharmacy,
      [
        ['received', 30],
        ['sent', 31],
        ['bus-ack', 32, { code: '30002' }],
      ],
      'A81001',
      'FB456',
    ),
  ];
}

let offline: OfflineDashboard;
beforeAll(async () => {
  offline = await offlineDashboard({ env: { DASHBOARD_USERS: JSON.stringify(USERS) } });
  for (const event of scenario()) await offline.dashboard.readModel.apply(event);
  offline.dashboard.identities.remember(
    minimalGpMessage({ consultationId: rejected, practiceOds: 'A81001', nhsNumber: NHS_NUMBER, surname: 'WORKLISTPATIENT' }),
  );
  offline.dashboard.identities.remember(
    minimalGpMessage({ consultationId: otherPharmacy, practiceOds: 'A81001', pharmacyOds: 'FB456', surname: 'OTHERPHARMACY' }),
  );
});
afterAll(async () => {
  await offline.close();
});

async function signedIn(username: string, password: string): Promise<InjectClient> {
  const client = new InjectClient(offline.dashboard, `198.51.100.${Math.floor(Math.random() * 200) + 1}`);
  const login = await client.login(username, password);
  expect(login.status).toBe(303);
  return client;
}
const csrfOf = (body: string) => defined(/<meta name="csrf-token" content="([^"]+)">/.exec(body)?.[1], 'a CSRF token on the page');
const sentEvents = (type: string) =>
  offline.sent
    .filter((r) => r.topic.endsWith('pipeline.events.v1') && typeof r.value === 'string')
    .map((r) => JSON.parse(String(r.value)) as PipelineEvent)
    .filter((e) => e.type === type);
const followUpEventIdOf = (body: string, consultationId: string) =>
  defined(
    new RegExp(`data-consultation-id="${consultationId}"[\\s\\S]*?name="followUpEventId" value="([^"]+)"`).exec(body)?.[1],
    `the follow-up form of ${consultationId}`,
  );

describe('pharmacy users: their own worklist and nothing else', () => {
  it('sends a pharmacy user to the worklist after sign-in, whatever next said', async () => {
    const client = new InjectClient(offline.dashboard, '198.51.100.240');
    const login = await client.login('pharm-a', PASSWORD.pharmacy, { next: '/consultations' });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/worklist');
  });

  it("lists the pharmacy's consultations that need a human, with the suggested action and the identifiers (audited), never another pharmacy's", async () => {
    const a = await signedIn('pharm-a', PASSWORD.pharmacy);
    const page = await a.request('GET', '/worklist');
    expect(page.status).toBe(200);
    const items = [...page.body.matchAll(/data-testid="worklist-item" data-consultation-id="([^"]+)" data-reason="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(items).toEqual([
      [rejected, 'patient-not-registered'],
      [deadLettered, 'needs-attention'],
    ]);
    expect(page.body).toContain('999 000 7777');
    expect(page.body).toContain('WORKLISTPATIENT');
    expect(page.body).toContain('Check the patient&#39;s registered GP practice');
    expect(page.body).not.toContain(otherPharmacy);
    expect(page.body).not.toContain('OTHERPHARMACY');
    // Showing the identifiers was recorded, once per consultation and session, by who saw them.
    const shown = sentEvents('revealed').filter((e) => e.actor === 'pharm-a');
    expect(shown.map((e) => e.consultationId)).toEqual([rejected]);
    await a.request('GET', '/worklist');
    expect(sentEvents('revealed').filter((e) => e.actor === 'pharm-a')).toHaveLength(1);

    const b = await signedIn('pharm-b', PASSWORD.pharmacy);
    const other = await b.request('GET', '/worklist');
    expect([...other.body.matchAll(/data-testid="worklist-item" data-consultation-id="([^"]+)"/g)].map((m) => m[1])).toEqual([otherPharmacy]);
    expect(other.body).not.toContain('WORKLISTPATIENT');
  });

  it('answers 403 to a pharmacy user on every other page and API, and to ops users on the worklist', async () => {
    const a = await signedIn('pharm-a', PASSWORD.pharmacy);
    const token = csrfOf((await a.request('GET', '/worklist')).body);
    const open = (url: string) =>
      url === '/login' || url === '/logout' || url.startsWith('/health/') || url.startsWith('/assets/') || url.startsWith('/worklist');
    const routes = offline.dashboard.routes.filter((r) => (r.method === 'GET' || r.method === 'POST') && !open(r.url));
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) {
      const url = route.url.replace(':id', delivered).replace(':ods', 'A81001');
      const response = await a.request(route.method as 'GET' | 'POST', url, route.method === 'POST' ? { form: { _csrf: token, reason: 'x' } } : {});
      expect(response.status, `${route.method} ${route.url}`).toBe(403);
    }
    expect(offline.sent.filter((r) => r.topic.endsWith('ops.commands.v1'))).toEqual([]);

    for (const [username, password] of [
      ['operator', PASSWORD.operator],
      ['viewer', PASSWORD.viewer],
    ] as const) {
      const ops = await signedIn(username, password);
      const opsToken = csrfOf((await ops.request('GET', '/')).body);
      expect((await ops.request('GET', '/worklist')).status).toBe(403);
      const post = await ops.request('POST', `/worklist/${rejected}/follow-up`, {
        form: { _csrf: opsToken, outcome: 'phoned-practice', followUpEventId: randomUUID() },
      });
      expect(post.status).toBe(403);
      // Ops users keep their masked views: the worklist's identifiers are not theirs.
      expect((await ops.request('GET', `/consultations/${rejected}`)).body).not.toContain('WORKLISTPATIENT');
    }
  });
});

describe('marking a worklist item followed up', () => {
  it('publishes an audited followed-up event and the item leaves the worklist; a new problem brings it back', async () => {
    const a = await signedIn('pharm-a', PASSWORD.pharmacy);
    const page = (await a.request('GET', '/worklist')).body;
    const followUpEventId = followUpEventIdOf(page, deadLettered);

    expect((await a.request('POST', `/worklist/${deadLettered}/follow-up`, { form: { outcome: 'phoned-practice', followUpEventId } })).status).toBe(403);
    const before = sentEvents('followed-up').length;
    const done = await a.request('POST', `/worklist/${deadLettered}/follow-up`, { form: { _csrf: csrfOf(page), outcome: 'phoned-practice', followUpEventId } });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/worklist');
    const events = sentEvents('followed-up');
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      type: 'followed-up',
      source: 'dashboard',
      consultationId: deadLettered,
      pharmacyOds: 'FA123',
      actor: 'pharm-a',
      code: 'phoned-practice',
      reason: 'Phoned the practice',
      details: { followUpReason: 'needs-attention', followUpEventId },
    });

    const after = await a.request('GET', '/worklist');
    expect(after.body).toContain('Marked as followed up.');
    expect(after.body).not.toContain(`data-consultation-id="${deadLettered}"`);
    expect(after.body).toContain(`data-consultation-id="${rejected}"`);
    // The same form again: already followed up.
    expect(
      (await a.request('POST', `/worklist/${deadLettered}/follow-up`, { form: { _csrf: csrfOf(page), outcome: 'phoned-practice', followUpEventId } })).status,
    ).toBe(409);

    const operator = await signedIn('operator', PASSWORD.operator);
    const audit = await operator.request('GET', '/audit');
    expect(audit.body).toContain('data-audit-type="followed-up"');
    expect(audit.body).toContain('Phoned the practice');

    // An amendment that is rejected again is a new problem: back on the list.
    for (const event of journey(deadLettered, [
      ['received', 100, { version: 2 }],
      ['sent', 101, { version: 2 }],
      ['bus-ack', 102, { code: '30002', version: 2 }],
    ]))
      await offline.dashboard.readModel.apply(event);
    const again = await a.request('GET', '/worklist');
    expect(again.body).toMatch(new RegExp(`data-consultation-id="${deadLettered}" data-reason="rejected"`));
  });

  it("refuses another pharmacy's consultation as unknown, an outcome not on the list, and a stale form", async () => {
    const a = await signedIn('pharm-a', PASSWORD.pharmacy);
    const b = await signedIn('pharm-b', PASSWORD.pharmacy);
    const bPage = (await b.request('GET', '/worklist')).body;
    const theirs = followUpEventIdOf(bPage, otherPharmacy);
    const aPage = (await a.request('GET', '/worklist')).body;
    const before = sentEvents('followed-up').length;
    const post = (id: string, form: Record<string, string>) => a.request('POST', `/worklist/${id}/follow-up`, { form: { _csrf: csrfOf(aPage), ...form } });

    expect((await post(otherPharmacy, { outcome: 'phoned-practice', followUpEventId: theirs })).status).toBe(404);
    expect((await post(randomUUID(), { outcome: 'phoned-practice', followUpEventId: theirs })).status).toBe(404);
    expect((await post('not-a-uuid', { outcome: 'phoned-practice', followUpEventId: theirs })).status).toBe(404);
    const mine = followUpEventIdOf(aPage, rejected);
    expect((await post(rejected, { outcome: 'Patient DOB 02/03/1961', followUpEventId: mine })).status).toBe(400);
    expect((await post(rejected, { outcome: 'phoned-practice', followUpEventId: randomUUID() })).status).toBe(409);
    expect(sentEvents('followed-up')).toHaveLength(before);
    // pharm-b's item is untouched.
    expect((await b.request('GET', '/worklist')).body).toContain(`data-consultation-id="${otherPharmacy}"`);
  });
});
