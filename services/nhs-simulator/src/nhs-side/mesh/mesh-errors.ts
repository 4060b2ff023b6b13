import { randomUUID } from 'node:crypto';

/** MESH v2 error body: `{ message_id?, internal_id, detail: [{ event, code, msg }] }`. No patient data. */
export function meshError(event: string, code: string, msg: string, messageId?: string) {
  return { ...(messageId ? { message_id: messageId } : {}), internal_id: randomUUID(), detail: [{ event, code, msg }] };
}
