import { type AddressInfo, createServer } from 'node:net';
import { buildNhsSimulator, type NhsSimulator } from '@firstsync/nhs-simulator';
import { quietLogger } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFhirRestTransport } from '../src/transport/fhir-rest/fhir-rest-transport';
import type { Route, Transport } from '../src/transport/port';
import { gpMessage } from './support/messages';

// The FHIR REST adapter against the real simulator over loopback HTTP: what each kind of answer
// (or silence) becomes.
describe('FHIR REST transport against the simulator', () => {
  let simulator: NhsSimulator;
  let transport: Transport;
  let base: string;
  const route = (practiceOds: string, fhirBaseUrl = `${base}/fhir/${practiceOds}`): Route => ({
    practiceOds,
    transport: 'fhir-rest',
    fhirBaseUrl,
    concurrency: 1,
    source: 'practice',
  });

  beforeAll(async () => {
    simulator = buildNhsSimulator({ config: { SIMULATOR_BODY_LIMIT_BYTES: 1_000_000 }, logger: quietLogger });
    await simulator.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(simulator.app.server.address() as AddressInfo).port}`;
    transport = createFhirRestTransport({ requestTimeoutMs: 10_000 });
  });
  afterAll(async () => {
    await transport?.close?.();
    await simulator?.app.close();
  });

  it('delivers, then reports the same Bundle again as a duplicate', async () => {
    const message = gpMessage('G70001');
    expect(await transport.send(message, route('G70001'))).toMatchObject({ kind: 'delivered', code: '200' });
    expect(await transport.send(message, route('G70001'))).toMatchObject({ kind: 'duplicate' });
    expect(simulator.state.received.find('G70001', message.identifiers.bundleIdentifier)).toMatchObject({
      consultationId: message.consultationId,
      correlationId: message.correlationId,
      receipts: 2,
    });
  });

  it('reads the practice from the message when the base URL names none', async () => {
    const message = gpMessage('G70002');
    expect(await transport.send(message, route('G70002', `${base}/fhir`))).toMatchObject({ kind: 'delivered' });
    expect(simulator.state.received.list({ practiceOds: 'G70002' })).toHaveLength(1);
  });

  it('classifies a 503 as retryable and a rejection as permanent with the receiver text', async () => {
    simulator.state.faults.set('G70003', { status: 503 });
    simulator.state.faults.set('G70004', { reject: { status: 422, diagnostics: 'Practice does not accept this message type' } });
    expect(await transport.send(gpMessage('G70003'), route('G70003'))).toMatchObject({ kind: 'retryable', code: '503' });
    expect(await transport.send(gpMessage('G70004'), route('G70004'))).toMatchObject({
      kind: 'permanent',
      code: '422',
      message: 'invalid: Practice does not accept this message type',
    });
  });

  it('times out an endpoint that never answers', async () => {
    simulator.state.faults.set('G70005', { hang: true });
    const impatient = createFhirRestTransport({ requestTimeoutMs: 300 });
    try {
      expect(await impatient.send(gpMessage('G70005'), route('G70005'))).toMatchObject({ kind: 'retryable', code: 'timeout' });
    } finally {
      await impatient.close?.();
    }
  });

  it('ends a call at once when the service stops', async () => {
    simulator.state.faults.set('G70006', { hang: true });
    const stopping = new AbortController();
    const pending = transport.send(gpMessage('G70006'), route('G70006'), { signal: stopping.signal });
    stopping.abort();
    expect(await pending).toMatchObject({ kind: 'retryable', code: 'aborted' });
  });

  it('treats a refused connection as retryable', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const closed = createFhirRestTransport({ requestTimeoutMs: 2_000 });
    try {
      expect(await closed.send(gpMessage('G70007'), route('G70007', `http://127.0.0.1:${port}/fhir`))).toMatchObject({
        kind: 'retryable',
        code: 'ECONNREFUSED',
      });
    } finally {
      await closed.close?.();
    }
  });
});
