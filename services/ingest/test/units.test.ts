import { pharmacyStatus } from '@firstsync/consultation-lifecycle';
import { correlationIdFrom } from '@firstsync/http-app';
import { bearerToken } from '@firstsync/pharmacy-api-keys';
import { describe, expect, it } from 'vitest';
import { InFlightPublishes } from '../src/accept/in-flight';
import { instanceShare, takeToken, takeTokensUpTo } from '../src/rate-limit/token-bucket';

describe('token bucket', () => {
  const settings = { capacity: 2, refillPerSecond: 0.5 };
  it('allows the burst, then refuses with the seconds until a token is back', () => {
    const a = takeToken(undefined, settings, 0);
    const b = takeToken(a.state, settings, 0);
    const c = takeToken(b.state, settings, 0);
    expect([a.allowed, b.allowed, c.allowed]).toEqual([true, true, false]);
    expect(c.retryAfterSeconds).toBe(2);
    expect(takeToken(c.state, settings, 2_000).allowed).toBe(true);
  });
  it('does not mint tokens when the clock steps back', () => {
    const drained = takeToken(takeToken(undefined, settings, 10_000).state, settings, 10_000);
    expect(takeToken(drained.state, settings, 0).allowed).toBe(false);
  });
  it('grants a batch as many tokens as the bucket holds, and asks back for the rest in bucket-sized parts', () => {
    const big = { capacity: 5, refillPerSecond: 0.5 };
    const batch = takeTokensUpTo(undefined, big, 0, 100);
    expect([batch.granted, batch.retryAfterSeconds]).toEqual([5, 10]);
    expect(takeTokensUpTo(batch.state, big, 0, 3)).toMatchObject({ granted: 0, retryAfterSeconds: 6 });
    expect(takeTokensUpTo(batch.state, big, 4_000, 3)).toMatchObject({ granted: 2, retryAfterSeconds: 2 });
    expect(takeTokensUpTo(undefined, big, 0, 5)).toMatchObject({ granted: 5, retryAfterSeconds: 0, state: { tokens: 0 } });
  });
});

describe('rate limit shared by N ingest instances (INGEST_INSTANCES)', () => {
  const system = { capacity: 40, refillPerSecond: 20 };
  it('leaves the figures as configured for one instance (the default), and for a count that is not one', () => {
    expect(instanceShare(system, 1)).toEqual(system);
    for (const odd of [0, -2, 1.5, Number.NaN]) expect(instanceShare(system, odd)).toEqual(system);
  });
  it('gives each of N instances 1/N of the rate and of the burst, so together they allow the configured figures', () => {
    expect(instanceShare(system, 2)).toEqual({ capacity: 20, refillPerSecond: 10 });
    // 40 / 3 = 13.3: rounded down, so three instances never allow more than the 40 configured.
    expect(instanceShare(system, 3)).toEqual({ capacity: 13, refillPerSecond: 20 / 3 });
  });
  it('keeps at least one token of burst when there are more instances than burst', () => {
    const share = instanceShare({ capacity: 2, refillPerSecond: 1 }, 5);
    expect(share).toEqual({ capacity: 1, refillPerSecond: 0.2 });
    expect(takeToken(undefined, share, 0).allowed).toBe(true);
  });
  it('refuses a pharmacy at one instance after its share of the burst (two instances: half each)', () => {
    const share = instanceShare(system, 2);
    let state: Parameters<typeof takeToken>[0];
    let allowed = 0;
    for (let i = 0; i < 40; i += 1) {
      const taken = takeToken(state, share, 0);
      state = taken.state;
      if (taken.allowed) allowed += 1;
    }
    expect(allowed).toBe(20);
  });
});

describe('consultation state', () => {
  const at = '2026-03-10T10:00:00Z';
  it('follows the success path and never steps back along it', () => {
    const events = [
      { type: 'received', version: 1, at },
      { type: 'mapped', version: 1, at },
      { type: 'sent', version: 1, at },
      { type: 'bus-ack', code: '30001', version: 1, at },
      { type: 'inf-ack', code: '20013', version: 1, at },
    ] as const;
    expect(pharmacyStatus(events)?.state).toBe('delivered');
  });
  it('a negative ack does not decide; an amendment restarts; older versions no longer move the state', () => {
    expect(
      pharmacyStatus([
        { type: 'sent', version: 1, at },
        { type: 'inf-ack', code: '20001', version: 1, at },
      ])?.state,
    ).toBe('sent');
    const amended = pharmacyStatus([
      { type: 'delivered', version: 1, at },
      { type: 'received', version: 2, at },
      { type: 'dead-lettered', version: 1, at },
    ]);
    expect(amended).toMatchObject({ state: 'received', version: 2 });
  });
});

describe('request identity', () => {
  it('keeps a plausible correlation id and replaces anything else', () => {
    expect(correlationIdFrom('abc-12345678')).toBe('abc-12345678');
    for (const bad of ['short', 'has space in it', 'id-9434765919', 'x'.repeat(200), undefined]) {
      expect(correlationIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
  it('reads Bearer tokens only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('in-flight publishes', () => {
  it('registers one publish per consultation and forgets it once settled', async () => {
    const inFlight = new InFlightPublishes<string>();
    let release: (value: string) => void = () => undefined;
    const outcome = inFlight.run('c1', 1, 'f', () => new Promise<string>((resolve) => (release = resolve)));
    expect(inFlight.get('c1')?.fingerprint).toBe('f');
    expect(() => inFlight.run('c1', 1, 'f', async () => 'second')).toThrow();
    release('done');
    await expect(outcome).resolves.toBe('done');
    expect(inFlight.size).toBe(0);
  });
});
