import { randomUUID } from 'node:crypto';
import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import { createRecordProducer, type TopicNames } from '@firstsync/kafka';
import { capturingLogger, isolatedTopics, leakedSecrets, quietLogger, readTopic, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/http/security-headers';
import { DEMO, eventually, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { journey } from './support/events';
import { minimalGpMessage } from './support/gp-message';
import { type HttpSession, signIn } from './support/http-session';

const NHS_NUMBER = '9990004321';
const SURNAME = 'MASKEDPATIENT';
const GIVEN = 'GIVENNAMETEST';
// What pharmacists type into notes: clinical text, and identifiers the masking could never know.
const NOTE = 'Sore throat for 3 days, no red flags. Patient DOB 02/03/1961, lives at LS1 4AP, call 07700 900123';
const NOTE_FRAGMENTS = ['Sore throat for 3 days', '02/03/1961', 'LS1 4AP', '07700 900123'];

describe('dashboard over real HTTP: sessions, CSRF, roles, masking and audit', () => {
  let topics: TopicNames;
  let running: RunningDashboard;
  let operator: HttpSession;
  let viewer: HttpSession;
  const deadId = randomUUID();
  const { logger, lines } = capturingLogger('dashboard');

  beforeAll(async () => {
    const isolated = await isolatedTopics('dash-http');
    topics = isolated.topics;
    const producer = createRecordProducer(testKafka('dash-http-test'), quietLogger);
    await producer.connect();
    const now = Date.now();
    const events: PipelineEvent[] = journey(
      deadId,
      [
        ['received', 0],
        ['mapped', 1],
        ['sent', 2],
        ['dead-lettered', 3, { code: '422', message: 'rejected by the GP system' }],
      ],
      'A81001',
    ).map((e, i) => ({ ...e, at: new Date(now - 10_000 + i * 1000).toISOString() }));
    await producer.send([
      ...events.map((e) => ({ topic: topics.pipelineEvents, key: deadId, value: JSON.stringify(e) })),
      {
        topic: topics.gpMessages,
        key: 'A81001',
        value: JSON.stringify(
          minimalGpMessage({ consultationId: deadId, practiceOds: 'A81001', nhsNumber: NHS_NUMBER, surname: SURNAME, given: GIVEN, note: NOTE }),
        ),
      },
    ]);
    await producer.disconnect();
    running = await startDashboard({ prefix: isolated.prefix, topics, logger });
    await eventually('the dead-lettered consultation and its identifiers', async () =>
      (await running.dashboard.readModel.get(deadId))?.view.state === 'dead-lettered' && running.dashboard.identities.has(deadId) ? true : undefined,
    );
    operator = await signIn(running.baseUrl, DEMO.operator.username, DEMO.operator.password);
    viewer = await signIn(running.baseUrl, DEMO.viewer.username, DEMO.viewer.password);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('sends anonymous visitors to sign in, sets only a strict, http-only form cookie (no session) and security headers', async () => {
    const home = await fetch(`${running.baseUrl}/`, { redirect: 'manual' });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/login');
    const deep = await fetch(`${running.baseUrl}/consultations?state=parked`, { redirect: 'manual' });
    expect(deep.headers.get('location')).toBe('/login?next=%2Fconsultations%3Fstate%3Dparked');
    const api = await fetch(`${running.baseUrl}/api/counts`);
    expect(api.status).toBe(401);

    const sessionsBefore = await running.dashboard.sessions.count();
    const login = await fetch(`${running.baseUrl}/login`);
    expect(login.headers.getSetCookie().some((c) => c.includes('firstsync_session='))).toBe(false);
    expect(await running.dashboard.sessions.count()).toBe(sessionsBefore);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('firstsync_login='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    for (const response of [login, await fetch(`${running.baseUrl}/assets/app/dashboard.css`)]) {
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(login.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a sign-in without the form token, and a wrong password', async () => {
    const form = await fetch(`${running.baseUrl}/login`);
    const cookie = defined(
      form.headers
        .getSetCookie()
        .find((c) => c.startsWith('firstsync_login='))
        ?.split(';')[0],
      'the sign-in form cookie',
    );
    const post = (body: Record<string, string>) =>
      fetch(`${running.baseUrl}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    expect((await post({ username: DEMO.operator.username, password: DEMO.operator.password })).status).toBe(403);
    const token = defined(/name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1], 'the form token');
    const otherForm = await fetch(`${running.baseUrl}/login`);
    const otherToken = defined(/name="_csrf" value="([^"]+)"/.exec(await otherForm.text())?.[1], 'the other form token');
    expect((await post({ _csrf: otherToken, username: DEMO.operator.username, password: DEMO.operator.password })).status).toBe(403);
    const wrong = await post({ _csrf: token, username: DEMO.operator.username, password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie().some((c) => c.includes('firstsync_session='))).toBe(false);
    expect(leakedSecrets(lines, [DEMO.operator.password, DEMO.viewer.password, 'not-the-password'])).toEqual([]);
  });

  it('refuses state-changing requests without the CSRF token or from another origin', async () => {
    expect((await operator.post(`/consultations/${deadId}/resend`, {}, { csrf: false })).status).toBe(403);
    expect((await operator.postJson(`/api/consultations/${deadId}/resend`, {}, { csrf: false })).status).toBe(403);
    expect((await operator.post(`/consultations/${deadId}/resend`, { _csrf: 'forged' }, { csrf: false })).status).toBe(403);
    expect((await operator.postJson(`/api/consultations/${deadId}/resend`, {}, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await operator.post('/practices/A81001/hold', {}, { csrf: false })).status).toBe(403);
    expect((await operator.post('/logout', {}, { csrf: false })).status).toBe(403);
  });

  it('refuses operator actions to a viewer, who sees neither Resend nor Reveal', async () => {
    const page = await (await viewer.get(`/consultations/${deadId}`)).text();
    expect(page).toContain('Dead-lettered');
    expect(page).not.toContain('data-testid="resend"');
    expect(page).not.toContain('data-testid="reveal"');
    expect((await viewer.post(`/consultations/${deadId}/resend`, {})).status).toBe(403);
    const api = await viewer.postJson(`/api/consultations/${deadId}/resend`, {});
    expect(api.status).toBe(403);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect((await viewer.postJson(`/api/consultations/${deadId}/reveal`, {})).status).toBe(403);
    expect((await viewer.post('/practices/A81001/hold', {})).status).toBe(403);
    // Reading is what a viewer is for: the filtered CSV export, ids and codes only.
    const csv = await viewer.get('/consultations/export.csv?state=dead-lettered');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`${deadId},dead-lettered,FA123,A81001`);
    expect(leakedSecrets(rows, [NHS_NUMBER, SURNAME])).toEqual([]);
  });

  it('shows no role the clinical notes or the message before an audited reveal, which only an operator can make', async () => {
    const secrets = [...NOTE_FRAGMENTS, NHS_NUMBER, '999 000 4321', SURNAME, GIVEN, '1980-01-01'];
    const reads = [
      `/consultations/${deadId}`,
      `/consultations/${deadId}/fragment`,
      `/api/consultations/${deadId}`,
      '/api/consultations',
      '/consultations',
      '/consultations/export.csv',
      '/',
      '/audit',
      '/practices',
    ];
    for (const [who, session] of [
      ['viewer', viewer],
      ['operator', operator],
    ] as const) {
      for (const path of reads) {
        const response = await session.get(path, path.startsWith('/api/') ? { accept: 'application/json' } : {});
        expect(response.status, `${who} ${path}`).toBe(200);
        expect(leakedSecrets([await response.text()], secrets), `${who} ${path}`).toEqual([]);
      }
      // What ops work needs is there: ids, codes, states, the message's identifiers and make-up.
      const page = await (await session.get(`/consultations/${deadId}`)).text();
      expect(page).toContain('Dead-lettered');
      expect(page).toContain('422');
      expect(page).toContain('data-testid="message-withheld"');
      expect(page).toMatch(/data-testid="message-outline">[^<]*ClinicalImpression/);
      expect(page).not.toContain('data-testid="message-json"');
    }

    // A viewer may not reveal, by form or API.
    expect((await viewer.post(`/consultations/${deadId}/reveal`, { reason: 'curious' })).status).toBe(403);
    expect((await viewer.postJson(`/api/consultations/${deadId}/reveal`, { reason: 'curious' })).status).toBe(403);

    const revealed = await operator.post(`/consultations/${deadId}/reveal`, { reason: 'practice asked' });
    expect(revealed.status).toBe(200);
    const revealedPage = await revealed.text();
    expect(revealedPage).toContain('999 000 4321');
    expect(revealedPage).toContain(SURNAME);
    expect(revealedPage).toContain(`&quot;${GIVEN}&quot;`);
    for (const fragment of NOTE_FRAGMENTS) expect(revealedPage).toContain(fragment);
    const api = await operator.postJson(`/api/consultations/${deadId}/reveal`, { reason: 'practice asked again' });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain(NOTE);

    const audit = await eventually('both reveals on the audit page', async () => {
      const text = await (await viewer.get('/audit')).text();
      return (text.match(/data-audit-type="revealed"/g) ?? []).length >= 2 ? text : undefined;
    });
    expect(audit).toContain('practice asked');
    expect(audit).toMatch(/data-audit-type="revealed">[\s\S]*?<td class="nhsuk-table__cell">operator<\/td>/);
    expect(leakedSecrets([audit], secrets)).toEqual([]);
    // The reveal lasts for that answer only: the page masks again.
    expect(leakedSecrets([await (await operator.get(`/consultations/${deadId}`)).text()], secrets)).toEqual([]);
    // The dashboard logged the reveal (ids only), never what it revealed.
    expect(lines.some((line) => line.includes('patient identifiers revealed'))).toBe(true);
    expect(leakedSecrets(lines, secrets)).toEqual([]);
  });

  it('states the count before a bulk resend and sends exactly the confirmed ids, once', async () => {
    const confirm = await operator.get('/resend-set?state=dead-lettered');
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    expect(page).toContain('Resend 1 consultation?');
    const token = defined(/name="token" value="([^"]+)"/.exec(page)?.[1], 'the bulk resend token');
    const commands = await readTopic<OpsCommand>(topics.opsCommands);
    try {
      const sent = await operator.post('/resend-set', { token, reason: 'endpoint fixed' });
      expect(sent.status).toBe(303);
      await commands.waitFor((v) => v.some((c) => c.type === 'resend-set'), 20_000);
      expect(commands.values.find((c) => c.type === 'resend-set')).toMatchObject({
        consultationIds: [deadId],
        requestedBy: 'operator',
        reason: 'endpoint fixed',
        filter: { states: ['dead-lettered'] },
      });
    } finally {
      await commands.close();
    }
    // The confirmation is spent: submitting it again sends nothing.
    expect((await operator.post('/resend-set', { token, reason: 'again' })).status).toBe(409);
  });

  it('publishes an operator resend and hold on ops.commands.v1 and lists them on the audit page', async () => {
    const commands = await readTopic<OpsCommand>(topics.opsCommands);
    try {
      const resend = await operator.post(`/consultations/${deadId}/resend`, { reason: 'GP fixed their endpoint' });
      expect(resend.status).toBe(303);
      const hold = await operator.post('/practices/B82002/hold', { reason: 'practice migrating' });
      expect(hold.status).toBe(303);
      await commands.waitFor((v) => v.some((c) => c.type === 'resend') && v.some((c) => c.type === 'hold-practice'), 20_000);
      expect(commands.values).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'resend', consultationId: deadId, requestedBy: 'operator', reason: 'GP fixed their endpoint' }),
          expect.objectContaining({ type: 'hold-practice', practiceOds: 'B82002', requestedBy: 'operator', reason: 'practice migrating' }),
        ]),
      );
    } finally {
      await commands.close();
    }
    const audit = await eventually('both commands on the audit page', async () => {
      const text = await (await operator.get('/audit')).text();
      return text.includes('data-audit-type="resend"') && text.includes('data-audit-type="hold-practice"') ? text : undefined;
    });
    expect(audit).toContain('GP fixed their endpoint');
    expect(audit).toContain('Practice B82002');
  });
});
