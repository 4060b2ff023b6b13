import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFhirRestTransport } from '../src/transport/fhir-rest/fhir-rest-transport';
import type { Route, Transport } from '../src/transport/port';
import { gpMessage } from './support/messages';

// What the GP system's server sees of the transport's connections: a plain loopback HTTP server
// counting the connections it accepts and the calls it holds at once.
describe('FHIR REST transport connections', () => {
  let server: Server;
  let base: string;
  let transport: Transport;
  let connections = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const PER_ORIGIN = 3;
  const route = (practiceOds: string): Route => ({
    practiceOds,
    transport: 'fhir-rest',
    fhirBaseUrl: `${base}/fhir/${practiceOds}`,
    concurrency: 1,
    source: 'practice',
  });

  beforeAll(async () => {
    server = createServer((request, response) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      request.resume();
      // Held a little, so calls that could overlap do.
      setTimeout(() => {
        inFlight -= 1;
        response.writeHead(200, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[]}');
      }, 20);
    });
    server.keepAliveTimeout = 30_000;
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    transport = createFhirRestTransport({ requestTimeoutMs: 10_000, maxConnectionsPerOrigin: PER_ORIGIN });
  });
  afterAll(async () => {
    await transport?.close?.();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('holds at most its limit of calls per origin at once, across practices behind that origin, over at most that many connections', async () => {
    // Four practices hosted by one GP system (one origin), twenty messages at once.
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => transport.send(gpMessage(`G7100${i % 4}`), route(`G7100${i % 4}`))));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(Array(20).fill('delivered'));
    expect(mostInFlight).toBe(PER_ORIGIN);
    expect(connections).toBeLessThanOrEqual(PER_ORIGIN);
  });

  it('reuses its open connections for the calls that follow', async () => {
    const before = connections;
    for (let i = 0; i < 5; i++) expect(await transport.send(gpMessage('G71000'), route('G71000'))).toMatchObject({ kind: 'delivered' });
    expect(connections).toBe(before);
  });
});
