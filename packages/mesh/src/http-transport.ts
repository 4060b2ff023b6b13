import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { MeshNetworkError, type MeshOperation, MeshTimeoutError } from './errors';

/** Mutual TLS material: PEM strings or Buffers, as node:tls takes them. */
export interface MeshTlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
  /** The MESH CA chain; the system store when omitted. */
  ca?: string | Buffer | (string | Buffer)[];
  passphrase?: string;
  /** Only for test rigs; production MESH must always be verified. */
  rejectUnauthorized?: boolean;
  servername?: string;
}

export interface TransportRequest {
  operation: MeshOperation;
  method: 'GET' | 'POST' | 'PUT';
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type MeshTransport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * One request over node:http(s). https uses a keep-alive Agent carrying the client certificate, so
 * every MESH call presents it (mutual TLS); plain http is accepted for loopback test doubles only.
 * The timeout covers the whole exchange, body included.
 */
export function createHttpTransport(tls?: MeshTlsOptions): { transport: MeshTransport; close(): void } {
  const agent = new HttpsAgent({ keepAlive: true, maxSockets: 8, ...(tls ?? {}) });
  const transport: MeshTransport = (req) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const isHttps = req.url.protocol === 'https:';
      const options = { method: req.method, headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) } };
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const onResponse = (res: import('node:http').IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => fail(new MeshNetworkError(req.operation, codeOf(error), error)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      };
      const outgoing = isHttps ? httpsRequest(req.url, { ...options, agent }, onResponse) : httpRequest(req.url, options, onResponse);
      const timer = setTimeout(() => {
        fail(new MeshTimeoutError(req.operation, req.timeoutMs));
        outgoing.destroy();
      }, req.timeoutMs);
      outgoing.on('error', (error) => fail(new MeshNetworkError(req.operation, codeOf(error), error)));
      outgoing.end(req.body);
    });
  return { transport, close: () => agent.destroy() };
}

function codeOf(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,60}$/.test(code) ? code : 'UNKNOWN';
}
