import { describe, expect, it } from 'vitest';
import { firstOnPartition, judgeReadBack, ReadBackTimeoutError, ReadBackWaiters } from '../src/idempotency/read-back';
import type { AcceptedRecord } from '../src/idempotency/store';

const record = (overrides: Partial<AcceptedRecord> = {}): AcceptedRecord => ({
  consultationId: 'c-1',
  version: 1,
  fingerprint: 'fp-a',
  pharmacyOds: 'FTA01',
  warnings: [],
  ...overrides,
});

describe('first on the partition wins', () => {
  it('a record with nothing before it is first-hand', () => {
    expect(judgeReadBack(undefined, record()).kind).toBe('publish');
    expect(firstOnPartition(undefined, record())).toBe(true);
  });

  it('an identical record behind another instance is a replay of the first: 202, not remembered twice', () => {
    const first = record();
    expect(judgeReadBack(first, record())).toEqual({ kind: 'replay', accepted: first });
    expect(firstOnPartition(first, record())).toBe(false);
  });

  it('different content for a version already taken loses: 409 for its sender, ignored by every view', () => {
    expect(judgeReadBack(record(), record({ fingerprint: 'fp-b' }))).toEqual({ kind: 'version-conflict', acceptedVersion: 1 });
    expect(firstOnPartition(record(), record({ fingerprint: 'fp-b' }))).toBe(false);
  });

  it('a lower version behind a higher one loses, and another pharmacy never takes over an id', () => {
    expect(judgeReadBack(record({ version: 2 }), record()).kind).toBe('stale-version');
    expect(firstOnPartition(record(), record({ version: 2, pharmacyOds: 'FTB02' }))).toBe(false);
  });

  it('a higher version from the same pharmacy is an amendment', () => {
    expect(judgeReadBack(record(), record({ version: 2, fingerprint: 'fp-b' }))).toEqual({ kind: 'publish', amendment: true });
  });
});

describe('ReadBackWaiters', () => {
  it('resolves a publish with the state its record was judged against, once', async () => {
    const waiters = new ReadBackWaiters();
    const waiting = waiters.expect('acc-1', 5_000);
    expect(waiters.awaits('acc-1')).toBe(true);
    expect(waiters.awaits('acc-2')).toBe(false);
    expect(waiters.awaits(undefined)).toBe(false);
    waiters.observe('acc-1', record());
    waiters.observe('acc-1', undefined);
    await expect(waiting).resolves.toEqual({ before: record() });
    expect(waiters.size).toBe(0);
  });

  it('gives up after its timeout, and forgets a publish whose send failed', async () => {
    const waiters = new ReadBackWaiters();
    await expect(waiters.expect('acc-1', 10)).rejects.toBeInstanceOf(ReadBackTimeoutError);
    void waiters.expect('acc-2', 5_000);
    waiters.forget('acc-2');
    expect(waiters.size).toBe(0);
  });
});
