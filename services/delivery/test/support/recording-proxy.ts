import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

export interface RecordingProxy {
  readonly url: string;
  /** Every request received so far, in arrival order, with the headers as they came over the wire. */
  readonly seen: readonly SeenRequest[];
  close(): Promise<void>;
}

/**
 * A plain HTTP proxy on loopback in front of `target` (the NHS simulator) that records what
 * arrives: the receiving side's view of delivery's outgoing requests, headers included.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const seen: SeenRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    seen.push({ method: incoming.method ?? 'GET', path, headers: incoming.headers });
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
