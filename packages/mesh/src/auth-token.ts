import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const MESH_AUTH_SCHEME = 'NHSMESH';

export interface MeshCredentials {
  readonly mailboxId: string;
  readonly password: string;
  /** The environment's shared secret (the HMAC key). */
  readonly sharedKey: string;
}

/** MESH token timestamps are UTC `yyyyMMddHHmm`. */
export function meshTimestamp(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}`;
}

/** HMAC-SHA256 over `mailbox:nonce:count:password:timestamp`, keyed by the shared secret, hex. */
export function meshTokenHmac(credentials: MeshCredentials, nonce: string, nonceCount: number | string, timestamp: string): string {
  const data = `${credentials.mailboxId}:${nonce}:${nonceCount}:${credentials.password}:${timestamp}`;
  return createHmac('sha256', credentials.sharedKey).update(data, 'utf8').digest('hex');
}

export interface TokenOptions {
  now?: Date;
  nonce?: string;
  nonceCount?: number;
}

/**
 * The `Authorization` value `NHSMESH <mailbox>:<nonce>:<count>:<timestamp>:<hmac>`. A fresh nonce
 * per request (MESH rejects a reused nonce/count pair), so the client computes one per call.
 */
export function meshAuthorization(credentials: MeshCredentials, options: TokenOptions = {}): string {
  const nonce = options.nonce ?? randomUUID();
  const nonceCount = options.nonceCount ?? 1;
  const timestamp = meshTimestamp(options.now ?? new Date());
  return `${MESH_AUTH_SCHEME} ${credentials.mailboxId}:${nonce}:${nonceCount}:${timestamp}:${meshTokenHmac(credentials, nonce, nonceCount, timestamp)}`;
}

export interface ParsedMeshToken {
  mailboxId: string;
  nonce: string;
  nonceCount: string;
  timestamp: string;
  hmac: string;
}

/** Parses a token; null when it is not five colon-separated parts after the scheme. */
export function parseMeshAuthorization(header: string | undefined): ParsedMeshToken | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (!trimmed.toUpperCase().startsWith(`${MESH_AUTH_SCHEME} `)) return null;
  const parts = trimmed.slice(MESH_AUTH_SCHEME.length + 1).split(':');
  if (parts.length !== 5 || parts.some((p) => p.length === 0)) return null;
  const [mailboxId, nonce, nonceCount, timestamp, hmac] = parts as [string, string, string, string, string];
  if (!/^\d+$/.test(nonceCount) || !/^\d{12}$/.test(timestamp)) return null;
  return { mailboxId, nonce, nonceCount, timestamp, hmac };
}

/** Constant-time check of a parsed token against the mailbox's credentials (the server side). */
export function verifyMeshToken(token: ParsedMeshToken, credentials: MeshCredentials): boolean {
  if (token.mailboxId !== credentials.mailboxId) return false;
  const expected = Buffer.from(meshTokenHmac(credentials, token.nonce, token.nonceCount, token.timestamp), 'utf8');
  const actual = Buffer.from(token.hmac, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
