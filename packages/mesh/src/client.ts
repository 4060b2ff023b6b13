import { gunzipSync } from 'node:zlib';
import { traceHttpCall } from '@firstsync/tracing';
import { type MeshCredentials, meshAuthorization } from './auth-token';
import { DEFAULT_CHUNK_SIZE_BYTES, formatChunkRange, parseChunkRange, splitChunks } from './chunking';
import { MeshHttpError, type MeshOperation, MeshProtocolError } from './errors';
import { createHttpTransport, type MeshTlsOptions, type MeshTransport, type TransportResponse } from './http-transport';
import { MESH_V2_JSON, MEX, type MeshMessageType } from './mex-headers';
import { ownBytes } from './own-bytes';
import { errorDetailOf, headerOf, type MeshReport, reportOf } from './responses';
import { meshSendHeaders } from './send-headers';

export interface MeshClientOptions {
  /** Scheme + host (+ port), e.g. `https://msg.intspineservices.nhs.uk`; `/messageexchange` is appended. */
  baseUrl: string;
  credentials: MeshCredentials;
  /** Client certificate for mutual TLS; required for real MESH (https). */
  tls?: MeshTlsOptions;
  /** Per HTTP request, response body included. Default 30 s. */
  timeoutMs?: number;
  chunkSizeBytes?: number;
  /** Sent as mex-ClientVersion on handshake. */
  clientVersion?: string;
  /** Replaces the node:http(s) transport (tests). */
  transport?: MeshTransport;
  now?: () => Date;
}

export interface SendMessageInput {
  /** Recipient mailbox id or a `GPPROVIDER_` address (patient-identifiable: never logged here). */
  to: string;
  workflowId: string;
  body: Buffer | string;
  /** Sender's own reference, returned on reports about this message. */
  localId?: string;
  /** Free text: sent as visible ASCII (transliterated, cut to 500), see meshSendHeaders. */
  subject?: string;
  /** The payload's media type, kept across chunks in mex-Content-Type. Default application/fhir+json. */
  contentType?: string;
  fileName?: string;
}

export interface SendResult {
  messageId: string;
  chunks: number;
}

export interface InboxMessage {
  messageId: string;
  messageType: MeshMessageType;
  workflowId: string | null;
  from: string | null;
  /** May be a GPPROVIDER_ address on reports: patient-identifiable. */
  to: string | null;
  localId: string | null;
  subject: string | null;
  contentType: string | null;
  fileName: string | null;
  chunks: number;
  body: Buffer;
  /** Set on REPORT messages (EPL-15x routing failures, undelivered, ...). */
  report: MeshReport | null;
}

export interface ListInboxOptions {
  /** MESH filter syntax: `WORKFLOW`, `!WORKFLOW`, `PREFIX*`, `*PART*`. */
  workflowFilter?: string;
  /** Page size asked of the server; brought into MESH's 10..5000 (it answers 400 outside). */
  maxResults?: number;
  /** Stop following `links.next` after this many ids. Default 5000. */
  limit?: number;
}

export interface EndpointLookupResult {
  mailboxId: string;
  mailboxName: string;
}

export interface MeshClient {
  readonly mailboxId: string;
  handshake(): Promise<void>;
  send(input: SendMessageInput): Promise<SendResult>;
  listInbox(options?: ListInboxOptions): Promise<string[]>;
  download(messageId: string): Promise<InboxMessage>;
  acknowledge(messageId: string): Promise<void>;
  lookupEndpoint(odsCode: string, workflowId: string): Promise<EndpointLookupResult[]>;
  /** Releases pooled TLS connections. */
  close(): void;
}

const enc = encodeURIComponent;

/** MESH API v2 inbox pages hold 10..5000 ids; a max_results outside that is refused with 400. */
const INBOX_PAGE = { min: 10, max: 5000 } as const;

function inboxPageSize(requested: number): number {
  if (!Number.isFinite(requested)) return INBOX_PAGE.max;
  return Math.min(INBOX_PAGE.max, Math.max(INBOX_PAGE.min, Math.trunc(requested)));
}

export function createMeshClient(options: MeshClientOptions): MeshClient {
  const base = new URL(`${options.baseUrl.replace(/\/+$/, '')}/messageexchange/`);
  const mailbox = options.credentials.mailboxId;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const chunkSize = options.chunkSizeBytes ?? DEFAULT_CHUNK_SIZE_BYTES;
  const now = options.now ?? (() => new Date());
  // A supplied transport belongs to the caller; only the one built here is closed by close().
  const owned = options.transport ? { transport: options.transport, close: () => {} } : createHttpTransport(options.tls);
  const transport = owned.transport;

  async function call(
    operation: MeshOperation,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    expected: readonly number[],
    extra: Record<string, string> = {},
    body?: Buffer,
  ): Promise<TransportResponse> {
    // Inside a consultation's trace (an upload, its endpoint lookup) the request carries its W3C
    // traceparent; inbox polls run outside any trace and carry none (nothing with tracing off).
    const response = await traceHttpCall(
      `MESH ${operation}`,
      method,
      (traceHeaders) => {
        const headers: Record<string, string> = {
          accept: MESH_V2_JSON,
          authorization: meshAuthorization(options.credentials, { now: now() }),
          ...extra,
          ...traceHeaders,
        };
        return transport({ operation, method, url: new URL(path, base), headers, ...(body ? { body } : {}), timeoutMs });
      },
      (answered) => ({ status: answered.status }),
    );
    if (!expected.includes(response.status)) {
      const { detail, messageId } = errorDetailOf(response.body);
      throw new MeshHttpError(operation, response.status, detail, messageId);
    }
    return response;
  }

  function json(operation: MeshOperation, response: TransportResponse): Record<string, unknown> {
    try {
      const value: unknown = JSON.parse(response.body.toString('utf8'));
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // fall through: reported without echoing the body
    }
    throw new MeshProtocolError(operation, 'body is not a JSON object');
  }

  return {
    mailboxId: mailbox,

    async handshake() {
      await call('handshake', 'GET', enc(mailbox), [200], {
        [MEX.clientVersion]: options.clientVersion ?? 'firstsync-mesh/0.1.0',
        [MEX.osName]: process.platform,
        [MEX.osVersion]: process.version,
      });
    },

    async send(input) {
      const payload = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
      const chunks = splitChunks(payload, chunkSize);
      const total = chunks.length;
      // Every value visible ASCII within MESH's limits, so Node and MESH can always take it.
      const headers = meshSendHeaders({
        to: input.to,
        workflowId: input.workflowId,
        contentType: input.contentType ?? 'application/fhir+json',
        totalChunks: total,
        ...(input.localId !== undefined ? { localId: input.localId } : {}),
        ...(input.subject !== undefined ? { subject: input.subject } : {}),
        ...(input.fileName !== undefined ? { fileName: input.fileName } : {}),
      });
      const first = await call('send', 'POST', `${enc(mailbox)}/outbox`, [202], headers, chunks[0]);
      const messageId = json('send', first).message_id;
      if (typeof messageId !== 'string' || messageId.length === 0) throw new MeshProtocolError('send', 'no message_id');
      for (let n = 2; n <= total; n += 1) {
        await call(
          'send-chunk',
          'POST',
          `${enc(mailbox)}/outbox/${enc(messageId)}/${n}`,
          [202],
          {
            'content-type': 'application/octet-stream',
            [MEX.chunkRange]: formatChunkRange(n, total),
          },
          chunks[n - 1],
        );
      }
      return { messageId, chunks: total };
    },

    async listInbox(list = {}) {
      const limit = list.limit ?? 5000;
      const query = new URLSearchParams();
      if (list.workflowFilter !== undefined) query.set('workflow_filter', list.workflowFilter);
      if (list.maxResults !== undefined) query.set('max_results', String(inboxPageSize(list.maxResults)));
      let path: string | null = `${enc(mailbox)}/inbox${query.size > 0 ? `?${query}` : ''}`;
      const ids: string[] = [];
      while (path !== null && ids.length < limit) {
        const page = json('inbox', await call('inbox', 'GET', path, [200]));
        if (!Array.isArray(page.messages) || !page.messages.every((id) => typeof id === 'string')) {
          throw new MeshProtocolError('inbox', 'messages is not a list of ids');
        }
        ids.push(...(page.messages as string[]));
        const links = page.links as { next?: unknown } | undefined;
        // links.next is a server-relative path (/messageexchange/...), resolved against the base URL.
        path = typeof links?.next === 'string' && (page.messages as string[]).length > 0 ? links.next : null;
      }
      return ids.slice(0, limit);
    },

    async download(messageId) {
      const path = `${enc(mailbox)}/inbox/${enc(messageId)}`;
      const first = await call('download', 'GET', path, [200, 206], { 'accept-encoding': 'gzip' });
      const range = parseChunkRange(headerOf(first.headers, MEX.chunkRange));
      const total = range?.total ?? 1;
      if (first.status === 206 && total < 2) throw new MeshProtocolError('download', 'partial content without a chunk range');
      const parts = [first.body];
      for (let n = 2; n <= total; n += 1) {
        const next = await call('download', 'GET', `${path}/${n}`, [200, 206], { 'accept-encoding': 'gzip' });
        parts.push(next.body);
      }
      const joined = Buffer.concat(parts);
      const gzipped = (headerOf(first.headers, 'content-encoding') ?? '').toLowerCase() === 'gzip';
      let body: Buffer;
      try {
        body = gzipped && joined.length > 0 ? gunzipSync(joined) : joined;
      } catch {
        throw new MeshProtocolError('download', 'gzip body does not decompress');
      }
      const type = (headerOf(first.headers, MEX.messageType) ?? 'DATA').toUpperCase();
      const h = (name: string) => headerOf(first.headers, name) ?? null;
      return {
        messageId: h(MEX.messageId) ?? messageId,
        messageType: type === 'REPORT' ? 'REPORT' : 'DATA',
        workflowId: h(MEX.workflowId),
        from: h(MEX.from),
        to: h(MEX.to),
        localId: h(MEX.localId),
        subject: h(MEX.subject),
        contentType: h(MEX.contentType) ?? h('content-type'),
        fileName: h(MEX.fileName),
        chunks: total,
        // Callers keep a poll's messages while they match them (delivery holds a page of acks).
        body: ownBytes(body),
        report: type === 'REPORT' ? reportOf(first.headers) : null,
      };
    },

    async acknowledge(messageId) {
      await call('acknowledge', 'PUT', `${enc(mailbox)}/inbox/${enc(messageId)}/status/acknowledged`, [200]);
    },

    async lookupEndpoint(odsCode, workflowId) {
      // ODS codes are upper case; MESH matches them exactly (the NHS sandbox finds nothing for
      // `a81001`), and an empty answer would wrongly read as "practice not on MESH".
      const ods = odsCode.trim().toUpperCase();
      const body = json('endpoint-lookup', await call('endpoint-lookup', 'GET', `endpointlookup/${enc(ods)}/${enc(workflowId)}`, [200]));
      const results = Array.isArray(body.results) ? body.results : [];
      return results.flatMap((r: unknown) => {
        const item = r as { mailbox_id?: unknown; mailbox_name?: unknown };
        return typeof item.mailbox_id === 'string'
          ? [{ mailboxId: item.mailbox_id, mailboxName: typeof item.mailbox_name === 'string' ? item.mailbox_name : '' }]
          : [];
      });
    },

    close() {
      owned.close();
    },
  };
}
