import type { PartitionRange } from '@firstsync/kafka';

export interface CatchUp {
  /** Notes that a record at `offset` of `partition` has been applied. */
  observe(partition: number, offset: string): void;
  readonly done: boolean;
  /** Resolves once every partition has been read up to where it ended when tracking began. */
  readonly reached: Promise<void>;
}

/**
 * Tracks whether a consumer reading from the beginning has reached the end offsets captured at
 * start-up. Records produced later do not move the goal, so catching up always terminates.
 */
export function trackCatchUp(ranges: readonly PartitionRange[]): CatchUp {
  // Last offset that must be seen per partition; empty partitions are done from the start.
  const remaining = new Map<number, bigint>();
  for (const range of ranges) {
    const high = BigInt(range.high);
    if (high > BigInt(range.low)) remaining.set(range.partition, high - 1n);
  }
  let resolve: () => void = () => undefined;
  const reached = new Promise<void>((r) => {
    resolve = r;
  });
  if (remaining.size === 0) resolve();
  return {
    observe(partition, offset) {
      const last = remaining.get(partition);
      if (last === undefined || BigInt(offset) < last) return;
      remaining.delete(partition);
      if (remaining.size === 0) resolve();
    },
    get done() {
      return remaining.size === 0;
    },
    reached,
  };
}
