import { describe, expect, it } from 'vitest';
import { readAheadBytes } from '../src/adapters/platformatic';

const MiB = 1_048_576;

describe('@platformatic/kafka read-ahead budget', () => {
  it('holds a fetch of eight partitions for the usual budgets, as kafkajs does', () => {
    expect(readAheadBytes(MiB)).toBe(8 * MiB);
    expect(readAheadBytes(2 * MiB)).toBe(16 * MiB);
  });

  it('holds no more than two whole fetches when a partition may fetch a lot (the outcomes absorber)', () => {
    expect(readAheadBytes(16 * MiB)).toBe(32 * MiB);
  });
});
