/** Offsets per `topic|partition`. */
export type PartitionOffsets = ReadonlyMap<string, bigint>;

export const partitionKey = (topic: string, partition: number): string => `${topic}|${partition}`;

export interface OffsetWatch {
  /** Notes that the record at `offset` of a partition has been applied. */
  observe(topic: string, partition: number, offset: string): void;
  /**
   * Resolves once every partition in `ends` was read up to its end (the offset the next record
   * would get then). Records written later do not move the goal, so it always terminates.
   */
  waitFor(ends: PartitionOffsets): { readonly promise: Promise<void>; cancel(): void };
}

interface Waiter {
  readonly remaining: Map<string, bigint>;
  readonly resolve: () => void;
}

/** Tracks how far a consumer reading from the beginning got, against end offsets taken earlier. Pure. */
export function offsetWatch(): OffsetWatch {
  const applied = new Map<string, bigint>();
  const waiters = new Set<Waiter>();
  return {
    observe(topic, partition, offset) {
      const key = partitionKey(topic, partition);
      const at = BigInt(offset);
      applied.set(key, at);
      for (const waiter of waiters) {
        const end = waiter.remaining.get(key);
        if (end === undefined || at < end - 1n) continue;
        waiter.remaining.delete(key);
        if (waiter.remaining.size > 0) continue;
        waiters.delete(waiter);
        waiter.resolve();
      }
    },
    waitFor(ends) {
      const remaining = new Map([...ends].filter(([key, end]) => (applied.get(key) ?? -1n) < end - 1n));
      if (remaining.size === 0) return { promise: Promise.resolve(), cancel: () => undefined };
      let waiter: Waiter | undefined;
      const promise = new Promise<void>((resolve) => {
        waiter = { remaining, resolve };
        waiters.add(waiter);
      });
      return {
        promise,
        cancel: () => {
          if (waiter) waiters.delete(waiter);
        },
      };
    },
  };
}
