import type { BatchContext, IncomingRecord, OutgoingRecord, RecordProducer } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';

/** Background work still running after its batch handler returned; stop() waits for it. */
export class WorkTracker {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Timers that only wait for a due time (paused retry tiers), with what they run. */
  private readonly wakeable = new Map<NodeJS.Timeout, () => void>();
  stopping = false;

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }

  /** A timer that stop() cancels rather than waits for; `wakeable` ones wake() runs early. */
  after(ms: number, fn: () => void, wakeable = false): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.wakeable.delete(timer);
        fn();
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
    if (wakeable) this.wakeable.set(timer, fn);
  }

  /**
   * Runs every wakeable timer now (a practice's breaker closed: retry tiers paused until a due time
   * look again, since what they hold for that practice is due at once).
   */
  wake(): void {
    if (this.stopping) return;
    const due = [...this.wakeable];
    this.wakeable.clear();
    for (const [timer, fn] of due) {
      clearTimeout(timer);
      this.timers.delete(timer);
      fn();
    }
  }

  get size(): number {
    return this.pending.size;
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  cancelTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.wakeable.clear();
  }
}

export interface BatchRunnerDeps {
  readonly producer: RecordProducer;
  readonly logger: Logger;
  readonly tracker: WorkTracker;
  /** How long a handler waits for its batch before it pauses the partition and lets the rest run in the background. */
  readonly waitBudgetMs: number;
  /** Pause before a partition whose outcome could not be written is fetched again. */
  readonly failureBackoffMs: number;
}

export type RecordProcessor = (record: IncomingRecord) => Promise<readonly OutgoingRecord[]>;

const sleep = (ms: number) => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms));

/**
 * Runs one partition's records concurrently (each practice's calls are limited inside the
 * processor), writes each record's outcome to Kafka, and marks records done strictly in offset
 * order once their outcome is acknowledged. kafkajs fetches again only when every batch of the last
 * fetch has returned, so a slow endpoint must not keep the handler: after `waitBudgetMs` the
 * handler pauses only this partition and returns, the work finishes in the background, marks its
 * records, and resumes the partition. Other partitions keep flowing meanwhile.
 *
 * `resumeAt`: the partition also stays paused until then (retry tiers waiting for not-before).
 */
export function runBatch(
  records: readonly IncomingRecord[],
  context: BatchContext,
  process: RecordProcessor,
  deps: BatchRunnerDeps,
  resumeAt?: number,
): Promise<void> {
  const { producer, logger, tracker } = deps;
  let failed = false;

  // Each record is worked at once (the processor awaits the GP side per record), but outputs are
  // not sent per record. While the handler waits for its batch, whenever the head has finished the
  // outputs of every finished record in offset order go out in ONE send: a batch that finishes
  // within the budget is one produce request and one commit. Once the partition is paused (work
  // left in the background), each record's outputs go as soon as it finishes, so a fast practice's
  // outcome never waits for a slow one's; sends made together still share a request.
  let background = false;
  type Task = {
    record: IncomingRecord;
    settled: boolean;
    sent: boolean;
    outputs: readonly OutgoingRecord[] | undefined;
    durable: Promise<boolean>;
    resolveDurable: (ok: boolean) => void;
  };
  const tasks: Task[] = records.map((record) => {
    let resolveDurable: (ok: boolean) => void = () => undefined;
    const durable = new Promise<boolean>((resolve) => {
      resolveDurable = resolve;
    });
    return { record, settled: false, sent: false, outputs: undefined, durable, resolveDurable };
  });

  function flushReady(): void {
    const ready: Task[] = [];
    for (const task of tasks) {
      if (task.sent) continue;
      if (!task.settled || task.outputs === undefined) {
        if (background) continue;
        break;
      }
      ready.push(task);
    }
    if (ready.length === 0) return;
    for (const task of ready) task.sent = true;
    producer.send(ready.flatMap((task) => task.outputs ?? [])).then(
      () => {
        for (const task of ready) task.resolveDurable(true);
      },
      (err: unknown) => {
        const head = ready[0]?.record;
        logger.error(
          { err, topic: head?.topic, partition: head?.partition, offset: head?.offset, records: ready.length },
          'delivery outcome not recorded; the record will be redelivered',
        );
        for (const task of ready) task.resolveDurable(false);
      },
    );
  }

  for (const task of tasks) {
    (async () => process(task.record))().then(
      (outputs) => {
        task.outputs = outputs;
        task.settled = true;
        flushReady();
      },
      (err: unknown) => {
        task.settled = true;
        logger.error(
          { err, topic: task.record.topic, partition: task.record.partition, offset: task.record.offset },
          'delivery outcome not recorded; the record will be redelivered',
        );
        task.resolveDurable(false);
      },
    );
  }

  const marking = (async () => {
    for (const task of tasks) {
      if (!(await task.durable)) {
        failed = true;
        return;
      }
      try {
        context.markDone(task.record);
      } catch (err) {
        // The partition moved to another consumer meanwhile; it redelivers from the last commit.
        logger.debug({ err, partition: task.record.partition }, 'could not mark record done');
        return;
      }
    }
  })();
  tracker.track(marking);

  return (async () => {
    if (resumeAt === undefined) {
      const finished = await Promise.race([marking.then(() => true), sleep(deps.waitBudgetMs)]);
      if (finished && !failed) return;
    }
    background = true;
    flushReady();
    const resume = context.pause();
    tracker.track(
      marking.then(async () => {
        // Marks made after the handler returned are committed only with the next non-empty batch;
        // commit them now, so a crash does not replay a whole slow batch.
        await context.commit().catch((err: unknown) => logger.debug({ err }, 'commit after background work failed; the next batch commits'));
        const at = Math.max(resumeAt ?? 0, failed ? Date.now() + deps.failureBackoffMs : 0);
        // Only a wait for a due time may be cut short; a backoff after a failed write may not.
        if (at > Date.now()) tracker.after(at - Date.now(), resume, !failed);
        else resume();
      }),
    );
  })();
}
