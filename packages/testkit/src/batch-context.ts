import type { BatchContext } from '@firstsync/kafka';

/** A batch handler's context that does nothing: for handlers tested without a consumer around them. */
export function idleBatchContext(): BatchContext {
  return {
    markDone: () => undefined,
    heartbeat: async () => undefined,
    pause: () => () => undefined,
    shouldContinue: () => true,
    commit: async () => undefined,
  };
}
