import type { BatchHandler } from '@firstsync/kafka';

/**
 * A batch that arrives before the state is rebuilt waits for it, unless the service stops first:
 * then it is left unmarked (nothing committed) for the group's next owner, so a SIGTERM during a
 * long rebuild does not hold the consumer, and with it the shutdown, until the rebuild ends.
 */
export function afterReady(handler: BatchHandler, ready: Promise<void>, stop: AbortSignal): BatchHandler {
  const stopped = new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
  return async (records, context) => {
    await Promise.race([ready, stopped]);
    if (stop.aborted) return;
    await handler(records, context);
  };
}
