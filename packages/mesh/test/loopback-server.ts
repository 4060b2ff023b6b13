import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface CannedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Never answer (for timeout tests). */
  hang?: boolean;
}

export type Responder = (request: RecordedRequest) => CannedResponse;

/** A tiny loopback server that records every request and answers from a responder. */
export async function startLoopbackServer(responder: Responder, tls?: ServerOptions) {
  const requests: RecordedRequest[] = [];
  const hanging: ServerResponse[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      const answer = responder(recorded);
      if (answer.hang) {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  };
  const server: Server = tls ? createHttpsServer(tls, handle) : createHttpServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    baseUrl: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const v2Json = (value: unknown, status = 200): CannedResponse => ({
  status,
  headers: { 'content-type': 'application/vnd.mesh.v2+json' },
  body: JSON.stringify(value),
});
