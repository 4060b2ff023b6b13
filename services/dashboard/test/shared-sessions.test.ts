import { randomBytes, randomUUID } from 'node:crypto';
import type { OpsCommand } from '@firstsync/contracts';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedReadModel, openReadModel } from '../src/open-read-model';
import { DEMO } from './support/dashboard-harness';
import { journey } from './support/events';
import { InjectClient } from './support/inject-client';
import { type OfflineDashboard, offlineDashboard } from './support/offline-dashboard';

const CSRF = /name="_csrf" value="([^"]+)"/;
const csrfOf = (page: string) => defined(CSRF.exec(page)?.[1], 'a CSRF token on the page');
const commandsOf = (instance: OfflineDashboard): OpsCommand[] =>
  instance.sent.filter((r) => r.topic.endsWith('ops.commands.v1') && typeof r.value === 'string').map((r) => JSON.parse(String(r.value)));

// Two dashboard instances on one embedded read store (PGlite), as `npm start` runs them: a browser's
// requests may land on either, and its session must hold on both.
describe('sessions in the read store, shared by two dashboard instances', () => {
  let opened: OpenedReadModel;
  let a: OfflineDashboard;
  let b: OfflineDashboard;
  const deadId = randomUUID();

  /** One browser (one cookie jar) whose requests the test sends to A or B, as a load balancer may. */
  const browser = () => {
    const cookies = new Map<string, string>();
    return { onA: new InjectClient(a.dashboard, '198.51.100.7', cookies), onB: new InjectClient(b.dashboard, '198.51.100.7', cookies), cookies };
  };

  beforeAll(async () => {
    opened = await openReadModel({ READ_STORE_URL: 'pglite:', READ_STORE_SCHEMA: 'read_model' });
    // Instances of one deployment share the cookie-signing secret as they share the store.
    const env = { DASHBOARD_SESSION_SECRET: randomBytes(32).toString('base64url') };
    const options = { env, readModel: opened.readModel, sessionRepository: opened.sessions };
    [a, b] = await Promise.all([offlineDashboard(options), offlineDashboard(options)]);
    for (const e of journey(deadId, [
      ['received', 0],
      ['mapped', 1],
      ['dead-lettered', 2, { code: '422', message: 'rejected by the GP system' }],
    ]))
      await opened.readModel.apply(e);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await opened?.close();
  });

  it('signs in on A, confirms a bulk resend shown on B, shows A’s flash on B, and signs out on B for both', async () => {
    expect(opened.kind).toBe('pglite');
    const { onA, onB } = browser();
    expect((await onA.login(DEMO.operator.username, DEMO.operator.password)).status).toBe(303);
    const home = await onB.request('GET', '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('data-testid="current-user">operator<');

    // Without the session's token B refuses the post, so the post that follows passes on the token, not by default.
    expect((await onB.request('POST', '/practices/hold', { form: { practiceOds: 'A81001', reason: 'x' } })).status).toBe(403);

    // The count is shown (and the ids fixed in the session) on B; the confirmation arrives at A.
    const confirm = await onB.request('GET', '/resend-set?state=dead-lettered');
    expect(confirm.body).toContain('Resend 1 consultation?');
    const token = defined(/name="token" value="([^"]+)"/.exec(confirm.body)?.[1], 'the bulk resend token');
    const sent = await onA.request('POST', '/resend-set', { form: { _csrf: csrfOf(confirm.body), token, reason: 'endpoint fixed' } });
    expect(sent.status).toBe(303);
    expect(commandsOf(a)).toEqual([expect.objectContaining({ type: 'resend-set', consultationIds: [deadId], requestedBy: 'operator' })]);
    expect(commandsOf(b)).toEqual([]);

    // A's one-shot message is shown by whichever instance serves the next page, and only once.
    const audit = await onB.request('GET', '/audit');
    expect(audit.body).toContain('Resend of 1 consultations requested.');
    expect((await onA.request('GET', '/audit')).body).not.toContain('data-testid="flash"');
    // The confirmation is spent on every instance.
    expect((await onB.request('POST', '/resend-set', { form: { _csrf: csrfOf(audit.body), token, reason: 'again' } })).status).toBe(409);

    expect((await onB.request('POST', '/logout', { form: { _csrf: csrfOf(audit.body) } })).status).toBe(303);
    const after = await onA.request('GET', '/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login');
    expect(await a.dashboard.sessions.count()).toBe(0);
  });

  it('ends an idle session for both instances, and ends a user’s oldest session when the next sign-in is on the other instance', async () => {
    const idle = browser();
    expect((await idle.onA.login(DEMO.viewer.username, DEMO.viewer.password)).status).toBe(303);
    expect((await idle.onB.request('GET', '/')).status).toBe(200);
    // 30 minutes idle (the default) on B's clock: B ends it, and A (whose clock has not moved) finds it gone.
    b.clock.advance(30 * 60_000 + 1);
    expect((await idle.onB.request('GET', '/')).status).toBe(303);
    expect((await idle.onA.request('GET', '/')).status).toBe(303);
    a.clock.advance(30 * 60_000 + 1);

    // Five sessions per user (the default): a sixth sign-in, on B, ends the first, made on A.
    const browsers = Array.from({ length: 6 }, browser);
    for (const [i, each] of browsers.entries())
      expect((await (i < 5 ? each.onA : each.onB).login(DEMO.viewer.username, DEMO.viewer.password)).status).toBe(303);
    const statuses = [];
    for (const each of browsers) statuses.push((await each.onA.request('GET', '/')).status);
    expect(statuses).toEqual([303, 200, 200, 200, 200, 200]);
  });
});
