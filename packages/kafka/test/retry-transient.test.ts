import { describe, expect, it } from 'vitest';
import { retryTransient } from '../src/retry-transient';

const transient = new Error('leader not available');
const fatal = new Error('authorisation failed');
const options = { withinMs: 5_000, isTransient: (err: unknown) => err === transient, backoffMs: 1, maxBackoffMs: 2 };

describe('retryTransient', () => {
  it('tries again after transient failures, telling of each, until the work succeeds', async () => {
    const retries: number[] = [];
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls += 1;
        if (calls < 3) throw transient;
        return 'done';
      },
      { ...options, onRetry: (_err, attempt) => retries.push(attempt) },
    );
    expect(result).toBe('done');
    expect(retries).toEqual([1, 2]);
  });

  it('throws any other failure at once', async () => {
    let calls = 0;
    const failing = retryTransient(async () => {
      calls += 1;
      throw fatal;
    }, options);
    await expect(failing).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('gives up with the last transient failure once the deadline has passed', async () => {
    let calls = 0;
    const failing = retryTransient(
      async () => {
        calls += 1;
        throw transient;
      },
      { ...options, withinMs: 20 },
    );
    await expect(failing).rejects.toBe(transient);
    expect(calls).toBeGreaterThan(1);
  });
});
