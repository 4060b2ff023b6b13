import { asciiHeaderText, isVisibleAscii } from './ascii-text';
import { formatChunkRange } from './chunking';
import { MEX, MEX_MAX_LENGTH } from './mex-headers';

export interface MeshSendHeaderInput {
  /** Recipient mailbox id or a `GPPROVIDER_` address (patient-identifiable: never logged here). */
  to: string;
  workflowId: string;
  /** The payload's media type, kept across chunks in mex-Content-Type. */
  contentType: string;
  /** How many chunks the message is sent in (1 for a plain upload). */
  totalChunks: number;
  localId?: string;
  subject?: string;
  fileName?: string;
}

/**
 * An addressing header that is not visible ASCII within the MESH limit. Addresses and workflow ids
 * are never rewritten (a rewritten address could reach someone else), so this is a fault in what
 * the caller built, found before any byte leaves. Names the header, never its value.
 */
export class MeshHeaderError extends Error {
  constructor(
    readonly header: string,
    maxLength: number,
  ) {
    super(`cannot send over MESH: ${header} must be 1 to ${maxLength} visible ASCII characters`);
    this.name = 'MeshHeaderError';
  }
}

function identifier(header: string, value: string, maxLength: number): string {
  if (value.length === 0 || value.length > maxLength || !isVisibleAscii(value) || value.trim() !== value) throw new MeshHeaderError(header, maxLength);
  return value;
}

/**
 * The headers of the first request of a MESH upload. Pure. Every value is visible ASCII within the
 * MESH API's length for that header, so Node (and MESH) can always take the request:
 * - mex-To, mex-WorkflowID, mex-Content-Type identify where and what: checked, never rewritten
 *   (MeshHeaderError). `gpProviderAddress` already builds mex-To in this alphabet.
 * - mex-Subject, mex-LocalID, mex-FileName are the sender's free text: transliterated to ASCII and
 *   cut to length (`asciiHeaderText`), and left out when nothing representable remains (all three
 *   are optional in the MESH API).
 */
export function meshSendHeaders(input: MeshSendHeaderInput): Record<string, string> {
  const contentType = identifier(MEX.contentType, input.contentType, MEX_MAX_LENGTH.contentType);
  const headers: Record<string, string> = {
    [MEX.to]: identifier(MEX.to, input.to, MEX_MAX_LENGTH.to),
    [MEX.workflowId]: identifier(MEX.workflowId, input.workflowId, MEX_MAX_LENGTH.workflowId),
    [MEX.messageType]: 'DATA',
    [MEX.contentType]: contentType,
    // Chunked bodies are opaque byte ranges; mex-Content-Type keeps the real type.
    'content-type': input.totalChunks > 1 ? 'application/octet-stream' : contentType,
    [MEX.chunkRange]: formatChunkRange(1, input.totalChunks),
  };
  const text: [string, string | undefined, number][] = [
    [MEX.localId, input.localId, MEX_MAX_LENGTH.localId],
    [MEX.subject, input.subject, MEX_MAX_LENGTH.subject],
    [MEX.fileName, input.fileName, MEX_MAX_LENGTH.fileName],
  ];
  for (const [name, value, maxLength] of text) {
    const encoded = value === undefined ? '' : asciiHeaderText(value, maxLength);
    if (encoded !== '') headers[name] = encoded;
  }
  return headers;
}
