import { describe, expect, it } from 'vitest';
import { authenticate } from '../src/auth/authenticate';
import { LoginThrottle } from '../src/auth/login-throttle';
import { hashPassword, parsePasswordHash, verifyPassword } from '../src/auth/password';
import { SessionStore } from '../src/auth/session-store';
import { DEV_DEFAULT_USERS } from '../src/auth/users';
import { loadDashboardConfig } from '../src/config';
import { safeNext } from '../src/routes/auth-routes';

describe('passwords', () => {
  it('hashes in the scrypt$N$r$p$salt$hash format and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery', { N: 1024 });
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await hashPassword('correct horse battery', { N: 1024 })).not.toBe(hash); // salted
  });

  it('refuses malformed or hostile parameters without throwing', async () => {
    for (const bad of ['', 'bcrypt$x', 'scrypt$1000$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==', 'scrypt$16384$8$1$AAAAAAAAAAA=$AAAA', 'scrypt$2147483648$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==']) {
      expect(parsePasswordHash(bad)).toBeUndefined();
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });

  it('the committed demo hashes match the documented demo passwords', async () => {
    expect(await authenticate(DEV_DEFAULT_USERS, 'operator', 'operator-demo-password')).toEqual({ username: 'operator', role: 'operator' });
    expect(await authenticate(DEV_DEFAULT_USERS, 'viewer', 'viewer-demo-password')).toEqual({ username: 'viewer', role: 'viewer' });
    expect(await authenticate(DEV_DEFAULT_USERS, 'viewer', 'operator-demo-password')).toBeUndefined();
    expect(await authenticate(DEV_DEFAULT_USERS, 'nobody', 'operator-demo-password')).toBeUndefined();
  });
});

describe('configuration', () => {
  it('defaults to port 8081, the demo users and a generated session secret', () => {
    const config = loadDashboardConfig({});
    expect(config).toMatchObject({ port: 8081, host: '127.0.0.1', usingDevUsers: true, sessionSecretGenerated: true, cookieSecure: false });
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads users from DASHBOARD_USERS and rejects bad ones without echoing them', () => {
    const users = JSON.stringify([{ username: 'alice', role: 'operator', passwordHash: DEV_DEFAULT_USERS[0]!.passwordHash }]);
    expect(loadDashboardConfig({ DASHBOARD_USERS: users, DASHBOARD_SESSION_SECRET: 's'.repeat(40), DASHBOARD_COOKIE_SECURE: 'true' })).toMatchObject({ usingDevUsers: false, sessionSecretGenerated: false, cookieSecure: true, users: [{ username: 'alice' }] });
    const secretish = 'not-json-but-a-secret-value';
    expect(() => loadDashboardConfig({ DASHBOARD_USERS: secretish })).toThrow(/DASHBOARD_USERS/);
    try {
      loadDashboardConfig({ DASHBOARD_USERS: secretish });
    } catch (err) {
      expect(String(err)).not.toContain(secretish);
    }
    const plain = JSON.stringify([{ username: 'bob', role: 'operator', passwordHash: 'hunter2-plain' }]);
    expect(() => loadDashboardConfig({ DASHBOARD_USERS: plain })).toThrow(/passwordHash/);
    expect(() => loadDashboardConfig({ DASHBOARD_USERS: JSON.stringify([{ username: 'x', role: 'admin', passwordHash: DEV_DEFAULT_USERS[0]!.passwordHash }]) })).toThrow(/DASHBOARD_USERS/);
  });
});

describe('session store', () => {
  it('expires a session after the idle time and after the absolute lifetime', () => {
    let now = 0;
    const store = new SessionStore({ idleMs: 1_000, maxMs: 5_000, now: () => now });
    const session = store.create({ username: 'viewer', role: 'viewer' });
    now = 900;
    expect(store.get(session.id)).toBe(session);
    now = 1_800; // 900 ms since last seen: still alive
    expect(store.get(session.id)).toBe(session);
    now = 2_801;
    expect(store.get(session.id)).toBeUndefined();
    const busy = store.create({ username: 'viewer', role: 'viewer' });
    for (now = 2_801; now <= 7_801; now += 500) store.get(busy.id);
    expect(store.get(busy.id)).toBeUndefined();
  });

  it('gives each session its own unguessable id and CSRF token, and bounds how many it holds', () => {
    const store = new SessionStore({ idleMs: 1_000, maxMs: 5_000, now: () => 0, maxSessions: 3 });
    const sessions = Array.from({ length: 5 }, () => store.create());
    expect(new Set(sessions.map((s) => s.id)).size).toBe(5);
    expect(sessions[0]!.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.size).toBe(3);
    expect(store.get(sessions[0]!.id)).toBeUndefined();
    expect(store.get(sessions[4]!.id)).toBe(sessions[4]);
  });
});

describe('login throttle', () => {
  it('locks a username after the limit of failures in the window, per username, until the window passes', () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.retryAfterMs('Operator')).toBe(0);
      throttle.recordFailure('operator');
      now += 1_000;
    }
    expect(throttle.retryAfterMs('OPERATOR')).toBe(57_000);
    expect(throttle.retryAfterMs('viewer')).toBe(0);
    now = 60_001;
    expect(throttle.retryAfterMs('operator')).toBe(0);
    throttle.recordFailure('operator');
    throttle.recordSuccess('operator');
    expect(throttle.retryAfterMs('operator')).toBe(0);
  });
});

describe('login redirect target', () => {
  it.each([
    ['/consultations?state=parked', '/consultations?state=parked'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['/login', '/'],
    [undefined, '/'],
  ])('%s -> %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });
});
