import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BlockedTargetError, isBlockedTargetError, type Resolver, STRICT_TARGET_POLICY, safeLookup } from '../src';

type Outcome = { err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number | undefined };

function lookupOnce(lookup: LookupFunction, hostname: string, all: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    lookup(hostname, { all }, (err, address, family) => resolve({ err, address, family }));
  });
}

/** A resolver answering from a script: one answer per call, like a DNS server that changes its mind. */
function scriptedResolver(answers: LookupAddress[][]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver: Resolver = (hostname, options, callback) => {
    calls.push(hostname);
    expect(options.all).toBe(true);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)] ?? [];
    setImmediate(() => callback(null, answer));
  };
  return Object.assign(resolver, { calls });
}

const PUBLIC: LookupAddress = { address: '93.184.215.14', family: 4 };
const PUBLIC_V6: LookupAddress = { address: '2606:4700::6810:84e5', family: 6 };

describe('safeLookup', () => {
  it('passes public answers on, in both dns.lookup shapes', async () => {
    const lookup = safeLookup(STRICT_TARGET_POLICY, scriptedResolver([[PUBLIC, PUBLIC_V6]]));
    expect(await lookupOnce(lookup, 'hooks.example.com', true)).toEqual({ err: null, address: [PUBLIC, PUBLIC_V6], family: undefined });
    expect(await lookupOnce(lookup, 'hooks.example.com', false)).toEqual({ err: null, address: PUBLIC.address, family: 4 });
  });

  it('refuses a name that resolves public first and private next (DNS rebinding)', async () => {
    const resolver = scriptedResolver([[PUBLIC], [{ address: '127.0.0.1', family: 4 }]]);
    const lookup = safeLookup(STRICT_TARGET_POLICY, resolver);
    expect((await lookupOnce(lookup, 'rebind.example.com', false)).err).toBeNull();
    const second = await lookupOnce(lookup, 'rebind.example.com', false);
    expect(second.err).toBeInstanceOf(BlockedTargetError);
    expect(isBlockedTargetError(second.err)).toBe(true);
    expect(resolver.calls).toEqual(['rebind.example.com', 'rebind.example.com']);
  });

  it('refuses when ANY address is blocked, not only the first', async () => {
    for (const blocked of ['10.0.0.7', '169.254.169.254', '::ffff:127.0.0.1', 'fd00::1']) {
      const lookup = safeLookup(STRICT_TARGET_POLICY, scriptedResolver([[PUBLIC, { address: blocked, family: blocked.includes(':') ? 6 : 4 }]]));
      for (const all of [true, false]) expect(isBlockedTargetError((await lookupOnce(lookup, 'mixed.example.com', all)).err), blocked).toBe(true);
    }
  });

  it('lets private answers through when the policy allows them', async () => {
    const lookup = safeLookup({ ...STRICT_TARGET_POLICY, allowPrivate: true }, scriptedResolver([[{ address: '192.168.1.20', family: 4 }]]));
    expect(await lookupOnce(lookup, 'pharmacy-sim', false)).toEqual({ err: null, address: '192.168.1.20', family: 4 });
  });

  it('passes resolver errors and empty answers on as errors', async () => {
    const failing: Resolver = (_hostname, _options, callback) => callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), []);
    expect((await lookupOnce(safeLookup(STRICT_TARGET_POLICY, failing), 'nowhere.example.com', false)).err?.code).toBe('ENOTFOUND');
    expect((await lookupOnce(safeLookup(STRICT_TARGET_POLICY, scriptedResolver([[]])), 'empty.example.com', true)).err?.code).toBe('ENOTFOUND');
  });

  it('finds a blocked-target error wrapped by an HTTP client', () => {
    const inner = new BlockedTargetError('the target address is loopback, not public');
    expect(isBlockedTargetError(new Error('fetch failed', { cause: inner }))).toBe(true);
    expect(isBlockedTargetError(new AggregateError([new Error('x'), inner]))).toBe(true);
    expect(isBlockedTargetError(new Error('ECONNREFUSED'))).toBe(false);
    expect(isBlockedTargetError(undefined)).toBe(false);
  });
});
