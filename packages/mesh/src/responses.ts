import type { IncomingHttpHeaders } from 'node:http';
import { type MeshReportKind as KnownMeshReportKind, MESH_REPORT_CODES } from '@firstsync/consultation-lifecycle';
import type { MeshErrorDetail } from './errors';
import { MEX } from './mex-headers';

export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

// Error codes are short tokens (`EPL-151`, `17`, `InvalidHeaderChunks`); anything else is dropped so
// a server echoing request data into its error body cannot leak it into our error messages.
const CODE_TOKEN = /^[A-Za-z0-9_.-]{1,40}$/;
const token = (value: unknown) => (typeof value === 'string' && CODE_TOKEN.test(value) ? value : undefined);

/** Reads the machine-readable part of a MESH error body (v2 `detail[]`, or v1 fields). */
export function errorDetailOf(body: Buffer): { detail: MeshErrorDetail; messageId?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { detail: {} };
  }
  if (typeof parsed !== 'object' || parsed === null) return { detail: {} };
  const record = parsed as Record<string, unknown>;
  const first =
    Array.isArray(record.detail) && typeof record.detail[0] === 'object' && record.detail[0] !== null ? (record.detail[0] as Record<string, unknown>) : record;
  const detail: MeshErrorDetail = {};
  const event = token(first.event ?? first.errorEvent);
  const code = token(first.code ?? first.errorCode);
  if (event) detail.event = event;
  if (code) detail.code = code;
  const messageId = token(record.message_id ?? record.messageID);
  return messageId ? { detail, messageId } : { detail };
}

/** What a report says went wrong; `other` for codes we do not know. */
export type MeshReportKind = KnownMeshReportKind | 'other';

export function classifyMeshReport(statusCode: string | null): MeshReportKind {
  return (statusCode !== null && MESH_REPORT_CODES.get(statusCode)?.kind) || 'other';
}

/** A MESH report (message type REPORT): everything is in the mex-Status* headers, the body is empty. */
export interface MeshReport {
  kind: MeshReportKind;
  statusCode: string | null;
  statusEvent: string | null;
  statusDescription: string | null;
  success: boolean;
  /** The MESH message id of the message this report is about. */
  linkedMessageId: string | null;
  statusTimestamp: string | null;
}

export function reportOf(headers: IncomingHttpHeaders): MeshReport {
  const h = (name: string) => headerOf(headers, name) ?? null;
  const statusCode = h(MEX.statusCode);
  return {
    kind: classifyMeshReport(statusCode),
    statusCode,
    statusEvent: h(MEX.statusEvent),
    statusDescription: h(MEX.statusDescription),
    success: (h(MEX.statusSuccess) ?? '').toUpperCase() === 'SUCCESS',
    linkedMessageId: h(MEX.linkedMessageId),
    statusTimestamp: h(MEX.statusTimestamp),
  };
}
