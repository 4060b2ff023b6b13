import { createHash, randomBytes } from 'node:crypto';
import type { OpsCommand } from '@firstsync/contracts';
import { postgresDatabase } from '@firstsync/read-store';
import { isolatedTopics, readTopic } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPostgres, sparePort, startLocalPostgres, stopLocalPostgres } from '../../../infra/postgres-local/postgres-local.mjs';
import { type OpenedReadModel, openReadModel } from '../src/open-read-model';
import { DEMO, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { csrfTokenIn, signIn } from './support/http-session';

/** Resolves true once the stream ends (the server closed it), false if it is still open after `timeoutMs`. */
async function ends(body: ReadableStream<Uint8Array>, timeoutMs: number): Promise<boolean> {
  const reader = body.getReader();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    const next = await Promise.race([reader.read(), new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), left))]);
    if (next === 'waiting') return false;
    if (next.done) return true;
  }
}

// Two dashboard instances, as two pods behind one Service, on one real PostgreSQL server (Debian's
// package, started on a spare port), over real HTTP on loopback: a browser's requests land on either.
describe('dashboard sessions shared through a real PostgreSQL server', () => {
  let server: LocalPostgres | undefined;
  const running: RunningDashboard[] = [];
  const opened: OpenedReadModel[] = [];

  beforeAll(async () => {
    server = await startLocalPostgres({ port: await sparePort(), durable: false });
  }, 300_000);
  afterAll(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    await Promise.all(opened.splice(0).map((o) => o.close()));
    if (server) await stopLocalPostgres({ port: server.port });
  });

  it('signs in on A, uses the session on B (page and CSRF-protected post), signs out on B, and A refuses the cookie at once', async () => {
    const url = defined(server, 'the PostgreSQL server').url;
    const { prefix, topics } = await isolatedTopics('dash-sessions');
    const schema = `sessions_${process.pid}_${Date.now()}`;
    // Each instance opens the store as main.ts does (its own pool); they share the cookie-signing secret as pods share a Secret.
    const env = { DASHBOARD_SESSION_SECRET: randomBytes(32).toString('base64url') };
    opened.push(...(await Promise.all([0, 1].map(() => openReadModel({ READ_STORE_URL: url, READ_STORE_SCHEMA: schema })))));
    running.push(
      ...(await Promise.all(opened.map((store) => startDashboard({ prefix, topics, env, readModel: store.readModel, sessionRepository: store.sessions })))),
    );
    const [a, b] = [defined(running[0], 'instance A'), defined(running[1], 'instance B')];
    expect(opened.map((o) => o.kind)).toEqual(['postgres', 'postgres']);

    const operator = await signIn(a.baseUrl, DEMO.operator.username, DEMO.operator.password);
    const onB = (path: string, init: RequestInit = {}) =>
      fetch(`${b.baseUrl}${path}`, { redirect: 'manual', ...init, headers: { cookie: operator.cookie, ...init.headers } });
    const form = (fields: Record<string, string>): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

    // The session made on A is a session on B: the page, and a post that needs the session's CSRF token.
    const practices = await onB('/practices');
    expect(practices.status).toBe(200);
    const page = await practices.text();
    expect(page).toContain('data-testid="current-user">operator<');
    expect(csrfTokenIn(page)).toBe(operator.csrfToken);
    expect((await onB('/practices/B82002/hold', form({ reason: 'practice migrating' }))).status).toBe(403);
    const commands = await readTopic<OpsCommand>(topics.opsCommands);
    try {
      const hold = await onB('/practices/B82002/hold', form({ _csrf: operator.csrfToken, reason: 'practice migrating' }));
      expect(hold.status).toBe(303);
      await commands.waitFor((v) => v.some((c) => c.type === 'hold-practice'), 20_000);
      expect(commands.values).toEqual([expect.objectContaining({ type: 'hold-practice', practiceOds: 'B82002', requestedBy: 'operator' })]);
    } finally {
      await commands.close();
    }
    // B's one-shot message is shown by A, which serves the page B redirected to.
    expect(await (await operator.get('/practices')).text()).toContain('Hold of practice B82002 requested.');

    // Only a hash of the id is stored: the table holds nothing the cookie could be rebuilt from.
    const signed = decodeURIComponent(operator.cookie.slice(operator.cookie.indexOf('=') + 1));
    const id = signed.slice(0, signed.lastIndexOf('.'));
    const db = postgresDatabase({ connectionString: url, max: 1 });
    try {
      const rows = await db.query<{ id_hash: string; account: object }>(`SELECT id_hash, account FROM "${schema}".sessions`);
      expect(rows).toEqual([{ id_hash: createHash('sha256').update(id).digest('hex'), account: { username: 'operator', role: 'operator' } }]);
    } finally {
      await db.close();
    }

    // A live-updates stream open on A ends when the session ends on B.
    const stream = await operator.get('/events', { accept: 'text/event-stream' });
    expect(stream.status).toBe(200);
    const signOut = await onB('/logout', form({ _csrf: operator.csrfToken }));
    expect(signOut.status).toBe(303);
    const home = await operator.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/login');
    expect((await operator.get('/api/counts', { accept: 'application/json' })).status).toBe(401);
    expect((await operator.post('/practices/B82002/release', { reason: 'after sign-out' })).status).toBe(403);
    expect(await ends(defined(stream.body, 'the event stream'), 15_000)).toBe(true);
  }, 120_000);
});
