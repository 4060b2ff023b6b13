import type { InboxMessage, MeshClient } from '@firstsync/mesh';

export interface MemoryMeshInbox {
  /** The mailbox behind the MeshClient interface; several ack sources may poll the same one. */
  readonly client: MeshClient;
  /** Message ids in download order (a message downloaded twice appears twice). */
  readonly downloads: string[];
  /** Message ids in acknowledgement order. */
  readonly acknowledged: string[];
  /** What is still in the inbox: acknowledging removes a message. */
  readonly waiting: Map<string, InboxMessage>;
  put(message: InboxMessage): void;
}

/** A MESH inbox in memory: records downloads and acknowledgements, sends nothing. */
export function memoryMeshInbox(messages: readonly InboxMessage[] = []): MemoryMeshInbox {
  const waiting = new Map(messages.map((m) => [m.messageId, m]));
  const downloads: string[] = [];
  const acknowledged: string[] = [];
  const client: MeshClient = {
    mailboxId: 'X26FS001',
    handshake: async () => undefined,
    send: async () => ({ messageId: 'unused', chunks: 1 }),
    listInbox: async () => [...waiting.keys()],
    download: async (id) => {
      downloads.push(id);
      const message = waiting.get(id);
      if (!message) throw new Error('gone');
      return message;
    },
    acknowledge: async (id) => {
      acknowledged.push(id);
      waiting.delete(id);
    },
    lookupEndpoint: async () => [],
    close: () => undefined,
  };
  return { client, downloads, acknowledged, waiting, put: (m) => waiting.set(m.messageId, m) };
}
