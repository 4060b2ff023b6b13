import type { Logger } from '@firstsync/logging';

/** Waits before the nth restart in a row (from 1): 1 s, 2 s, 4 s, ... at most 10 s. */
export function restartDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempt - 1), 10_000);
}

export interface CrashRestarts {
  /** After a crash kafkajs will not restart from (its CRASH event says restart: false). */
  crashed(): void;
  /** After a group join: the consumer works again, so the next crash starts the delays over. */
  joined(): void;
  /** On stop(): no restart is pending any more. */
  cancel(): void;
}

/**
 * Restarts a kafkajs consumer after a crash kafkajs gives up on. kafkajs restarts a crashed consumer
 * only when the error is one it calls retriable. Any other crash leaves it stopped for good while the
 * process looks healthy (kafkajs issues #1445, #1630), e.g. KafkaJSGroupCoordinatorNotFound: a broker
 * that was just (re)started answers "coordinator not available" while it loads the offsets topic, and
 * on a loaded machine that outlasts kafkajs' retries. So does a TypeError thrown by a handler.
 * `rerun` joins the group again (consumer.run: kafkajs' own restart path); it resumes from the
 * committed offsets, so what was not committed is delivered again (at-least-once, nothing lost).
 */
export function crashRestarts(options: { logger: Logger; groupId: string; wanted: () => boolean; rerun: () => Promise<void> }): CrashRestarts {
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  function crashed(): void {
    if (!options.wanted() || timer) return;
    attempt += 1;
    const delayMs = restartDelayMs(attempt);
    options.logger.warn({ groupId: options.groupId, attempt, delayMs }, 'kafka consumer restarting after a crash kafkajs does not restart from');
    timer = setTimeout(() => {
      timer = undefined;
      if (!options.wanted()) return;
      // A join that fails crashes again (a CRASH event, so crashed() again); this catch is only
      // for run() itself refusing.
      options.rerun().catch((err: unknown) => {
        options.logger.error({ err, groupId: options.groupId }, 'kafka consumer restart failed');
        crashed();
      });
    }, delayMs);
  }
  return {
    crashed,
    joined() {
      attempt = 0;
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
