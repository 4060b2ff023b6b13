import type { MeshStore, StoredMessage } from './mesh-store';

/**
 * A MESH error report into the original sender's inbox: message type REPORT, no body, the outcome
 * in mex-Status* headers and the failed message's id as mex-LinkedMsgID (docs/mesh.md#reports-in-the-senders-inbox).
 */
export function postReport(mesh: MeshStore, original: StoredMessage, status: { code: string; event: string; description: string }, now: Date): StoredMessage {
  return mesh.create(
    {
      type: 'REPORT',
      from: original.from,
      to: original.from,
      workflowId: original.workflowId,
      localId: original.localId,
      report: { statusCode: status.code, statusEvent: status.event, statusDescription: status.description, linkedMessageId: original.messageId },
    },
    now,
  );
}
