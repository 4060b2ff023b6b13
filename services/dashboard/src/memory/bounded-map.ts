/**
 * A Map that holds at most `maxEntries`, forgetting the entry written longest ago first (a Map
 * iterates in insertion order and `set` re-inserts, so the oldest write is always first). It counts
 * what it forgot, so a caller can tell "no longer held" from "never seen".
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  #dropped = 0;

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Stores `value` as the newest entry, then forgets the oldest while over the bound. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
      this.#dropped += 1;
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** How many entries the bound has forgotten since this map was made. */
  get dropped(): number {
    return this.#dropped;
  }
}
