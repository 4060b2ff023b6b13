import { canonicalJson, consultationFingerprint } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { decide } from '../src/idempotency/decide';
import { type AcceptedRecord, createMemoryIdempotencyStore } from '../src/idempotency/store';

const accepted: AcceptedRecord = { consultationId: 'c1', version: 2, fingerprint: 'f2', pharmacyOds: 'FTA01', warnings: [] };

describe('decide (idempotency rules)', () => {
  it.each([
    ['first submission', undefined, { version: 1, fingerprint: 'x', pharmacyOds: 'FTA01' }, { kind: 'publish', amendment: false }],
    ['identical re-send', accepted, { version: 2, fingerprint: 'f2', pharmacyOds: 'FTA01' }, { kind: 'replay', accepted }],
    ['same version, other content', accepted, { version: 2, fingerprint: 'other', pharmacyOds: 'FTA01' }, { kind: 'version-conflict', acceptedVersion: 2 }],
    ['higher version', accepted, { version: 3, fingerprint: 'f3', pharmacyOds: 'FTA01' }, { kind: 'publish', amendment: true }],
    ['lower version', accepted, { version: 1, fingerprint: 'f2', pharmacyOds: 'FTA01' }, { kind: 'stale-version', acceptedVersion: 2 }],
    ['another pharmacy', accepted, { version: 3, fingerprint: 'f3', pharmacyOds: 'FTB02' }, { kind: 'other-pharmacy' }],
  ] as const)('%s', (_name, latest, submission, expected) => {
    expect(decide(latest, submission)).toEqual(expected);
  });
});

describe('fingerprint', () => {
  it('ignores key order and undefined members, not values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: undefined } })).toBe('{"a":{"d":[1,2]},"b":1}');
    expect(consultationFingerprint({ a: 1, b: 2 })).toBe(consultationFingerprint({ b: 2, a: 1 }));
    expect(consultationFingerprint({ a: 1 })).not.toBe(consultationFingerprint({ a: 2 }));
    expect(consultationFingerprint({ a: [1, 2] })).not.toBe(consultationFingerprint({ a: [2, 1] }));
  });
});

describe('memory idempotency store', () => {
  it('keeps the latest version, never lets an equal or older one replace it, and forgets the least recent', () => {
    const store = createMemoryIdempotencyStore(2);
    store.record(accepted);
    store.record({ ...accepted, fingerprint: 'late-duplicate' });
    store.record({ ...accepted, version: 1, fingerprint: 'f1' });
    expect(store.get('c1')?.fingerprint).toBe('f2');
    store.record({ ...accepted, version: 3, fingerprint: 'f3' });
    expect(store.get('c1')?.version).toBe(3);
    store.record({ ...accepted, consultationId: 'c2' });
    store.record({ ...accepted, consultationId: 'c3' });
    expect(store.get('c1')).toBeUndefined();
    expect(store.size).toBe(2);
  });
});
