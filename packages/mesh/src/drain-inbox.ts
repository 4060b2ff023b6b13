import type { InboxMessage, ListInboxOptions, MeshClient } from './client';

export interface DrainResult {
  handled: number;
}

/**
 * One poll of the inbox: list, then per message download -> handler -> acknowledge. A message is
 * acknowledged only after the handler resolved (i.e. its outcome is durable elsewhere), so a crash
 * or a handler error leaves it in the inbox for the next poll: at-least-once, the handler must be
 * idempotent. The first failure stops the poll and is rethrown.
 */
export async function drainInbox(client: MeshClient, handler: (message: InboxMessage) => Promise<void>, options: ListInboxOptions = {}): Promise<DrainResult> {
  const ids = await client.listInbox(options);
  let handled = 0;
  for (const id of ids) {
    const message = await client.download(id);
    await handler(message);
    await client.acknowledge(id);
    handled += 1;
  }
  return { handled };
}
