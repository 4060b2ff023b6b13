import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the loopback receiver saw; arrival times are first verified-looking deliveries per webhook-id. */
export interface WebhookReceiver {
  /** http://127.0.0.1:<port>; each pharmacy's endpoint is `${url}/p/<ods>`. */
  readonly url: string;
  /** Distinct webhook-ids received since the last reset. */
  distinct(): number;
  /** First arrival (epoch ms) per `${consultationId}|${type}`, since the last reset. */
  readonly arrivals: ReadonlyMap<string, number>;
  readonly counts: { requests: number; duplicates: number; unsigned: number; wrongPharmacy: number; unreadable: number };
  reset(): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * The cheapest honest pharmacy system: a plain node:http server in the benchmark process that
 * answers 204 at once, so what is measured is pharmacy-notify (projection, feed, signing, the
 * request and its attempt record), not a receiver. It does not verify signatures (the simulator's
 * receiver and the tests do, with the official library); it only checks one is there.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  // Ids stay remembered across resets, so a late duplicate of an earlier phase never counts as new.
  const seen = new Set<string>();
  let fresh = 0;
  let arrivals = new Map<string, number>();
  const counts = { requests: 0, duplicates: 0, unsigned: 0, wrongPharmacy: 0, unreadable: 0 };
  const server = createServer((request, response) => {
    void readBody(request).then(
      (body) => {
        const now = Date.now();
        counts.requests += 1;
        const id = request.headers['webhook-id'];
        const signature = request.headers['webhook-signature'];
        if (typeof signature !== 'string' || !signature.startsWith('v1,')) counts.unsigned += 1;
        if (typeof id !== 'string' || seen.has(id)) {
          if (typeof id === 'string') counts.duplicates += 1;
          response.writeHead(204).end();
          return;
        }
        seen.add(id);
        fresh += 1;
        try {
          const event = JSON.parse(body) as { type?: unknown; data?: { consultationId?: unknown; pharmacyOds?: unknown } };
          const ods = request.url?.split('/')[2];
          if (event.data?.pharmacyOds !== ods) counts.wrongPharmacy += 1;
          arrivals.set(`${String(event.data?.consultationId)}|${String(event.type)}`, now);
        } catch {
          counts.unreadable += 1;
        }
        response.writeHead(204).end();
      },
      () => response.writeHead(400).end(),
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    distinct: () => fresh,
    get arrivals() {
      return arrivals;
    },
    counts,
    reset() {
      fresh = 0;
      arrivals = new Map();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
