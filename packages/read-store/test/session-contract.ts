import { randomUUID } from 'node:crypto';
import { defined } from '@firstsync/testkit/defined';
import { expect, it } from 'vitest';
import type { SessionRepository, SessionRow } from '../src/index';

interface TestUser {
  username: string;
  role: string;
}

interface TestData {
  flash?: string;
  pending?: { token: string; ids: string[] };
  shown?: string[];
}

export type TestSessions = SessionRepository<TestUser, TestData>;

const T0 = Date.parse('2026-03-03T09:00:00.000Z');
const live = { idleBeforeMs: T0 - 60_000, createdBeforeMs: T0 - 3_600_000 };
const limits = { ...live, perUser: 3 };

function session(userKey: string, fields: Partial<SessionRow<TestUser, TestData>> = {}): SessionRow<TestUser, TestData> {
  return {
    idHash: randomUUID(),
    userKey,
    user: { username: userKey, role: 'operator' },
    csrfToken: randomUUID(),
    createdMs: T0,
    lastSeenMs: T0,
    data: {},
    ...fields,
  };
}

/**
 * What every session repository must do, run against memory, PGlite and a real server. `open`
 * gives an empty repository; `second` (where there is one) another connection to the same sessions,
 * as a second dashboard instance has.
 */
export function sessionRepositoryContract(open: () => Promise<{ sessions: TestSessions; second?: TestSessions }>): void {
  it('stores a session and returns it as written; an unknown id finds nothing', async () => {
    const { sessions } = await open();
    const row = session('alice', { data: { flash: 'hello', pending: { token: 't', ids: ['a', 'b'] } } });
    await sessions.createSession(row, limits);
    expect(await sessions.session(row.idHash)).toEqual(row);
    expect(await sessions.session(randomUUID())).toBeUndefined();
  });

  it('updates data keys one by one and leaves the others as stored', async () => {
    const { sessions, second } = await open();
    const other = second ?? sessions;
    const row = session('alice', { data: { flash: 'one', shown: ['x'] } });
    await sessions.createSession(row, limits);
    // Two requests of one session, each changing its own key (on two instances where there are two).
    await sessions.updateSessionData(row.idHash, { pending: { token: 't', ids: ['a'] } }, []);
    await other.updateSessionData(row.idHash, {}, ['flash']);
    await other.updateSessionData(row.idHash, { shown: ['x', 'y'] }, []);
    expect(defined(await sessions.session(row.idHash), 'the session').data).toEqual({ pending: { token: 't', ids: ['a'] }, shown: ['x', 'y'] });
    // Changing what was read does not change what is stored.
    const read = defined(await sessions.session(row.idHash), 'the session');
    read.data.shown?.push('z');
    expect(defined(await sessions.session(row.idHash), 'the session').data.shown).toEqual(['x', 'y']);
    // A session that has gone is not brought back by a late update.
    await other.deleteSession(row.idHash);
    await sessions.updateSessionData(row.idHash, { flash: 'late' }, []);
    expect(await sessions.session(row.idHash)).toBeUndefined();
  });

  it('moves lastSeen forward only', async () => {
    const { sessions } = await open();
    const row = session('alice');
    await sessions.createSession(row, limits);
    await sessions.touchSession(row.idHash, T0 + 5_000);
    await sessions.touchSession(row.idHash, T0 + 1_000);
    expect(defined(await sessions.session(row.idHash), 'the session').lastSeenMs).toBe(T0 + 5_000);
  });

  it("ends a user's oldest sessions beyond the cap (even within one millisecond), never another user's", async () => {
    const { sessions, second } = await open();
    const other = second ?? sessions;
    const bob = session('bob');
    await sessions.createSession(bob, limits);
    const alice = Array.from({ length: 5 }, () => session('alice'));
    for (const [i, row] of alice.entries()) await (i % 2 === 0 ? sessions : other).createSession(row, limits);
    const present = async (row: SessionRow<TestUser, TestData>) => (await sessions.session(row.idHash)) !== undefined;
    expect(await Promise.all(alice.map(present))).toEqual([false, false, true, true, true]);
    expect(await present(bob)).toBe(true);
    expect(await sessions.countSessions(live)).toBe(4);
  });

  it('keeps the cap when one user signs in on several instances at once', async () => {
    const { sessions, second } = await open();
    const other = second ?? sessions;
    const rows = Array.from({ length: 8 }, () => session('carol'));
    await Promise.all(rows.map((row, i) => (i % 2 === 0 ? sessions : other).createSession(row, limits)));
    const kept = (await Promise.all(rows.map((row) => sessions.session(row.idHash)))).filter((r) => r !== undefined);
    expect(kept).toHaveLength(3);
  });

  it('removes ended sessions (idle or too old) when one is created, and does not count them', async () => {
    const { sessions } = await open();
    const idle = session('dave', { lastSeenMs: live.idleBeforeMs - 1 });
    const old = session('erin', { createdMs: live.createdBeforeMs - 1 });
    const edge = session('frank', { lastSeenMs: live.idleBeforeMs, createdMs: live.createdBeforeMs });
    for (const row of [idle, old, edge]) await sessions.createSession(row, { idleBeforeMs: 0, createdBeforeMs: 0, perUser: 3 });
    expect(await sessions.countSessions(live)).toBe(1);
    await sessions.createSession(session('grace'), limits);
    expect(await sessions.session(idle.idHash)).toBeUndefined();
    expect(await sessions.session(old.idHash)).toBeUndefined();
    expect(await sessions.session(edge.idHash)).toBeDefined();
  });

  it('deletes a session at once for every connection', async () => {
    const { sessions, second } = await open();
    const other = second ?? sessions;
    const row = session('alice');
    await sessions.createSession(row, limits);
    expect(await other.session(row.idHash)).toBeDefined();
    await other.deleteSession(row.idHash);
    expect(await sessions.session(row.idHash)).toBeUndefined();
    expect(await sessions.countSessions(live)).toBe(0);
  });
}
