/**
 * Publishes under way, by consultationId. Two concurrent identical submissions must not both
 * publish: the second one waits for the first one's publish and shares its outcome. A concurrent
 * submission with other content waits until the first one settles and is then decided against the
 * idempotency store (so it becomes an amendment, a conflict, or a first publish if the first failed).
 *
 * Per process: across instances the read-back of each publish decides (idempotency/read-back.ts).
 */
export interface InFlightPublish<T> {
  readonly version: number;
  readonly fingerprint: string;
  readonly outcome: Promise<T>;
}

export class InFlightPublishes<T> {
  private readonly running = new Map<string, InFlightPublish<T>>();

  get(consultationId: string): InFlightPublish<T> | undefined {
    return this.running.get(consultationId);
  }

  /** Registers and runs a publish; the caller must have checked `get` in the same tick. */
  run(consultationId: string, version: number, fingerprint: string, publish: () => Promise<T>): Promise<T> {
    if (this.running.has(consultationId)) throw new Error('a publish for this consultation is already in flight');
    const outcome = publish();
    const entry: InFlightPublish<T> = { version, fingerprint, outcome };
    this.running.set(consultationId, entry);
    const clear = () => {
      if (this.running.get(consultationId) === entry) this.running.delete(consultationId);
    };
    outcome.then(clear, clear);
    return outcome;
  }

  get size(): number {
    return this.running.size;
  }
}
