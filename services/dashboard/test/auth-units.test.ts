import { memorySessionRepository } from '@firstsync/read-store';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { authenticate } from '../src/auth/authenticate';
import { DeviceCookies } from '../src/auth/device-cookie';
import { LoginCsrf } from '../src/auth/login-csrf';
import { LoginThrottle, sourceKey, throttleDelayMs } from '../src/auth/login-throttle';
import { hashPassword, parsePasswordHash, verifyPassword } from '../src/auth/password';
import { type SessionRepositoryOf, SessionStore, sessionIdHash } from '../src/auth/session-store';
import { DEV_DEFAULT_USERS } from '../src/auth/users';
import { loadDashboardConfig, usersOf } from '../src/config';
import { safeNext } from '../src/http/safe-next';

describe('passwords', () => {
  it('hashes in the scrypt$N$r$p$salt$hash format and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery', { N: 1024 });
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await hashPassword('correct horse battery', { N: 1024 })).not.toBe(hash); // salted
  });

  it('refuses malformed or hostile parameters without throwing', async () => {
    for (const bad of [
      '',
      'bcrypt$x',
      'scrypt$1000$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==',
      'scrypt$16384$8$1$AAAAAAAAAAA=$AAAA',
      'scrypt$2147483648$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==',
    ]) {
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
  it('defaults to port 8081, the demo users and no session secret (app.ts generates one)', () => {
    const config = loadDashboardConfig({});
    expect(config).toMatchObject({ PORT: 8081, HOST: '127.0.0.1', DASHBOARD_COOKIE_SECURE: false });
    expect(config.DASHBOARD_SESSION_SECRET).toBeUndefined();
    expect(usersOf(config)).toBe(DEV_DEFAULT_USERS);
  });

  it('reads users from DASHBOARD_USERS and rejects bad ones without echoing them', () => {
    const users = JSON.stringify([{ username: 'alice', role: 'operator', passwordHash: defined(DEV_DEFAULT_USERS[0], 'a default user').passwordHash }]);
    expect(loadDashboardConfig({ DASHBOARD_USERS: users, DASHBOARD_SESSION_SECRET: 's'.repeat(40), DASHBOARD_COOKIE_SECURE: 'true' })).toMatchObject({
      DASHBOARD_SESSION_SECRET: 's'.repeat(40),
      DASHBOARD_COOKIE_SECURE: true,
      DASHBOARD_USERS: [{ username: 'alice' }],
    });
    const secretish = 'not-json-but-a-secret-value';
    expect(() => loadDashboardConfig({ DASHBOARD_USERS: secretish })).toThrow(/DASHBOARD_USERS/);
    try {
      loadDashboardConfig({ DASHBOARD_USERS: secretish });
    } catch (err) {
      expect(String(err)).not.toContain(secretish);
    }
    const plain = JSON.stringify([{ username: 'bob', role: 'operator', passwordHash: 'hunter2-plain' }]);
    expect(() => loadDashboardConfig({ DASHBOARD_USERS: plain })).toThrow(/passwordHash/);
    expect(() =>
      loadDashboardConfig({
        DASHBOARD_USERS: JSON.stringify([{ username: 'x', role: 'admin', passwordHash: defined(DEV_DEFAULT_USERS[0], 'a default user').passwordHash }]),
      }),
    ).toThrow(/DASHBOARD_USERS/);
  });
});

describe('pharmacy users', () => {
  const hash = defined(DEV_DEFAULT_USERS[0], 'a default user').passwordHash;
  const load = (users: unknown[]) => loadDashboardConfig({ DASHBOARD_USERS: JSON.stringify(users) });

  it('binds a pharmacy user to its one ODS code, required for that role and refused for the others', () => {
    expect(load([{ username: 'p', role: 'pharmacy', pharmacyOds: 'FA123', passwordHash: hash }]).DASHBOARD_USERS).toEqual([
      { username: 'p', role: 'pharmacy', pharmacyOds: 'FA123', passwordHash: hash },
    ]);
    expect(() => load([{ username: 'p', role: 'pharmacy', passwordHash: hash }])).toThrow(/pharmacyOds/);
    expect(() => load([{ username: 'p', role: 'pharmacy', pharmacyOds: 'A81001', passwordHash: hash }])).toThrow(/pharmacyOds/);
    expect(() => load([{ username: 'o', role: 'operator', pharmacyOds: 'FA123', passwordHash: hash }])).toThrow(/DASHBOARD_USERS/);
  });

  it('signs the demo pharmacy user in with its pharmacy', async () => {
    expect(await authenticate(DEV_DEFAULT_USERS, 'pharmacy', 'pharmacy-demo-password')).toEqual({
      username: 'pharmacy',
      role: 'pharmacy',
      pharmacyOds: 'FXA01',
    });
  });
});

describe('session store', () => {
  const viewer = { username: 'viewer', role: 'viewer' } as const;
  const operator = { username: 'operator', role: 'operator' } as const;

  it('expires a session after the idle time and after the absolute lifetime', async () => {
    let now = 0;
    const store = new SessionStore(memorySessionRepository(), { idleMs: 1_000, maxMs: 5_000, maxPerUser: 5, now: () => now });
    const session = await store.create(viewer);
    now = 900;
    expect((await store.get(session.id))?.csrfToken).toBe(session.csrfToken);
    now = 1_800; // 900 ms since last seen: still alive
    expect((await store.get(session.id))?.user).toEqual(viewer);
    now = 2_801;
    expect(await store.get(session.id)).toBeUndefined();
    const busy = await store.create(viewer);
    for (now = 2_801; now <= 7_801; now += 500) await store.get(busy.id);
    expect(await store.get(busy.id)).toBeUndefined();
  });

  it('caps sessions per user, ending the oldest of that user only', async () => {
    const store = new SessionStore(memorySessionRepository(), { idleMs: 60_000, maxMs: 600_000, maxPerUser: 3, now: () => 0 });
    const operators = [await store.create(operator)];
    const viewers = [];
    for (let i = 0; i < 5; i += 1) viewers.push(await store.create(viewer));
    operators.push(await store.create(operator));
    expect(new Set(viewers.map((s) => s.id)).size).toBe(5);
    expect(defined(viewers[0], 'a viewer session').csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const live = async (s: { id: string }) => (await store.get(s.id)) !== undefined;
    expect(await Promise.all(viewers.map(live))).toEqual([false, false, true, true, true]);
    expect(await Promise.all(operators.map(live))).toEqual([true, true]);
    expect(await store.count()).toBe(5);
  });

  it('stores only a hash of the id, writes lastSeen at most every touch interval, and saves only what changed', async () => {
    let now = 0;
    const repository: SessionRepositoryOf = memorySessionRepository();
    const writes: string[] = [];
    const counted: SessionRepositoryOf = {
      ...repository,
      async touchSession(idHash, at) {
        writes.push('touch');
        await repository.touchSession(idHash, at);
      },
      async updateSessionData(idHash, set, unset) {
        writes.push(`set ${Object.keys(set).join()} unset ${unset.join()}`);
        await repository.updateSessionData(idHash, set, unset);
      },
    };
    // Two stores on one repository: two dashboard instances.
    const options = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000, maxPerUser: 5, now: () => now, touchIntervalMs: 5_000 };
    const [a, b] = [new SessionStore(counted, options), new SessionStore(counted, options)];
    const session = await a.create(operator);
    expect(await repository.session(session.id)).toBeUndefined();
    expect((await repository.session(sessionIdHash(session.id)))?.csrfToken).toBe(session.csrfToken);

    for (now = 0; now < 5_000; now += 1_000) await b.get(session.id);
    expect(writes).toEqual([]);
    now = 5_000;
    const onB = defined(await b.get(session.id), 'the session on b');
    expect(writes).toEqual(['touch']);
    await b.save(onB);
    expect(writes).toEqual(['touch']);

    onB.flash = 'Resend requested.';
    onB.shownIdentities = new Set(Array.from({ length: 2_100 }, (_, i) => `c-${i}`));
    await b.save(onB);
    const onA = defined(await a.get(session.id), 'the session on a');
    expect(onA.flash).toBe('Resend requested.');
    expect(onA.shownIdentities?.size).toBe(2_000);
    expect(onA.shownIdentities?.has('c-2099')).toBe(true);
    expect(onA.shownIdentities?.has('c-0')).toBe(false);
    delete onA.flash;
    await a.save(onA);
    expect(writes.slice(1)).toEqual(['set flash,shownIdentities unset ', 'set  unset flash']);
    expect((await b.get(session.id))?.flash).toBeUndefined();

    await b.destroy(session.id);
    expect(await a.get(session.id)).toBeUndefined();
    expect(await a.isLive(session.id)).toBe(false);
  });
});

describe('sign-in throttle', () => {
  const options = { freeFailures: 5, windowMs: 60 * 60_000, baseDelayMs: 1_000, accountMaxDelayMs: 60_000, sourceMaxDelayMs: 15 * 60_000 };

  it('costs nothing for the first failures, then 1 s, 2 s, 4 s ... up to its cap', () => {
    const delays = Array.from({ length: 14 }, (_, n) => throttleDelayMs(n, { ...options, maxDelayMs: 60_000 }));
    expect(delays).toEqual([0, 0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(throttleDelayMs(10_000, { ...options, maxDelayMs: 900_000 })).toBe(900_000);
  });

  it('keys a client by its IPv4 address or its IPv6 /64', () => {
    expect(sourceKey('203.0.113.9')).toBe('203.0.113.9');
    expect(sourceKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(sourceKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(sourceKey('2001:db8:aa:bb::99')).toBe(sourceKey('2001:0db8:00aa:00bb:ffff::1'));
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });

  it('never holds back the browser an operator signed in from, whatever others try', () => {
    let now = 0;
    const throttle = new LoginThrottle({ ...options, now: () => now });
    for (let i = 0; i < 200; i += 1) {
      const attacker = { username: 'Operator', source: `203.0.113.${i % 250}` };
      now += Math.max(0, throttle.check(attacker).retryAfterMs);
      throttle.recordFailure(attacker);
    }
    expect(throttle.check({ username: 'operator', source: '198.51.100.7', device: 'device-of-operator' })).toEqual({ retryAfterMs: 0 });
    // An unfamiliar browser waits, but never more than the account cap.
    const unfamiliar = throttle.check({ username: 'OPERATOR', source: '198.51.100.8' });
    expect(unfamiliar.heldBy).toBe('account');
    expect(unfamiliar.retryAfterMs).toBeGreaterThan(0);
    expect(unfamiliar.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('keeps a distributed guesser under 100 failures an hour on one account (ASVS 2.2.1)', () => {
    let now = 0;
    const throttle = new LoginThrottle({ ...options, now: () => now });
    let failures = 0;
    for (let i = 0; now < 3_600_000; i += 1) {
      const attempt = { username: 'operator', source: `10.0.${Math.floor(i / 250)}.${i % 250}` };
      const wait = throttle.check(attempt).retryAfterMs;
      if (wait > 0) {
        now += wait;
        continue;
      }
      throttle.recordFailure(attempt);
      failures += 1;
    }
    expect(failures).toBeLessThan(100);
    expect(failures).toBeGreaterThan(50); // the delay is a delay, not a lock
  });

  it('slows one source down across usernames, growing to its cap, and forgets after a quiet window', () => {
    let now = 0;
    const throttle = new LoginThrottle({ ...options, now: () => now });
    const waits: number[] = [];
    for (let i = 0; i < 16; i += 1) {
      const attempt = { username: `user${i}`, source: '203.0.113.50' };
      const wait = throttle.check(attempt).retryAfterMs;
      waits.push(wait);
      now += wait;
      throttle.recordFailure(attempt);
    }
    expect(waits.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 1_000]);
    expect(waits.slice(6)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 900_000]);
    expect(throttle.check({ username: 'other', source: '198.51.100.1' }).retryAfterMs).toBe(0);
    now += 60 * 60_000 + 1;
    expect(throttle.check({ username: 'user99', source: '203.0.113.50' }).retryAfterMs).toBe(0);
  });
});

describe('sign-in form token (no server state)', () => {
  it('accepts only the token bound to its own fresh cookie', () => {
    let now = 1_000_000;
    const csrf = new LoginCsrf('k'.repeat(43), () => now, 60_000);
    const cookie = csrf.issue();
    const token = defined(csrf.tokenFor(cookie), 'the token of a fresh cookie');
    expect(csrf.verify(cookie, token)).toBe(true);
    expect(csrf.verify(csrf.issue(), token)).toBe(false);
    expect(csrf.verify(undefined, token)).toBe(false);
    // Another first character: the last one of a base64url HMAC carries padding bits, and 1 in 64
    // tokens already ended in the character this used to put there.
    expect(csrf.verify(cookie, `${token.startsWith('A') ? 'B' : 'A'}${token.slice(1)}`)).toBe(false);
    expect(new LoginCsrf('other-secret', () => now).verify(cookie, token)).toBe(false);
    now += 60_001;
    expect(csrf.verify(cookie, token)).toBe(false);
  });

  it('binds a device cookie to the username it was issued for', () => {
    const devices = new DeviceCookies('d'.repeat(43));
    const cookie = devices.issue('Operator');
    expect(devices.deviceFor(cookie, 'operator')).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(devices.deviceFor(cookie, 'viewer')).toBeUndefined();
    expect(
      devices.deviceFor(
        cookie.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
        'operator',
      ),
    ).toBeUndefined();
    expect(new DeviceCookies('x'.repeat(43)).deviceFor(cookie, 'operator')).toBeUndefined();
  });
});

describe('login redirect target', () => {
  it.each([
    ['/consultations?state=parked', '/consultations?state=parked'],
    ['/consultations?x=’', '/consultations?x=%E2%80%99'],
    ['/Łukasiewicz', '/%C5%81ukasiewicz'],
    ['/a?b=\uD800', '/a?b=%EF%BF%BD'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/.//evil.example', '/'],
    ['/..//evil.example', '/'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/x\r\nset-cookie: a=1', '/'],
    ['/x\u0000', '/'],
    ['/login', '/'],
    ['/login?next=/', '/'],
    [`/${'a'.repeat(3000)}`, '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('%s -> %s', (input, expected) => {
    const next = safeNext(input);
    expect(next).toBe(expected);
    expect(next).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  });
});
