import { randomUUID } from 'node:crypto';
import { validateHeaderValue } from 'node:http';
import type { GpMessage } from '@firstsync/contracts';
import {
  createHttpTransport,
  createMeshClient,
  MeshHttpError,
  MeshNetworkError,
  MeshProtocolError,
  MeshTimeoutError,
  type TransportRequest,
  type TransportResponse,
} from '@firstsync/mesh';
import { describe, expect, it } from 'vitest';
import { AckTrackingStore, classifyMeshError, createMeshTransport } from '../src/transport/mesh';
import type { Route } from '../src/transport/port';

const route: Route = { practiceOds: 'A81001', transport: 'mesh', concurrency: 1, source: 'practice' };
const at = new Date('2026-11-23T10:00:00Z');

function message(overrides: Partial<GpMessage['meshRouting']> = {}): GpMessage {
  const ids = { bundleIdentifier: randomUUID(), messageHeaderId: randomUUID(), documentIdentifier: randomUUID(), senderReference: `urn:uuid:${randomUUID()}` };
  return {
    consultationId: randomUUID(),
    version: 2,
    correlationId: 'corr-1',
    practiceOds: 'A81001',
    pharmacyOds: 'FVR79',
    service: 'pharmacy-first',
    builtAt: at.toISOString(),
    identifiers: ids,
    meshRouting: { nhsNumber: '9000000009', birthDate: '1980-02-14', surname: "O'Brien", ...overrides },
    bundle: { resourceType: 'Bundle', type: 'message', entry: [] },
  };
}

/** A MESH client whose HTTP layer records each request and answers as the MESH API documents (202 + message_id). */
function recordingClient(answer: (request: TransportRequest) => TransportResponse) {
  const requests: TransportRequest[] = [];
  const client = createMeshClient({
    baseUrl: 'https://mesh.example.test',
    credentials: { mailboxId: 'X26FS001', password: 'pw', sharedKey: 'key' },
    transport: async (request) => {
      requests.push(request);
      return answer(request);
    },
  });
  return { client, requests };
}

const accepted = (id: string) => (): TransportResponse => ({
  status: 202,
  headers: { 'content-type': 'application/vnd.mesh.v2+json' },
  body: Buffer.from(JSON.stringify({ message_id: id })),
});

describe('MESH transport send', () => {
  it('uploads to the patient GPPROVIDER_ address on GPCONNECT_UPDATE_RECORD and is only accepted', async () => {
    const { client, requests } = recordingClient(accepted('20261123100000123456_ABCDEF'));
    const store = new AckTrackingStore();
    const msg = message();
    const outcome = await createMeshTransport({ client, store, dobFormat: 'YYYYMMDD', clock: { now: () => at } }).send(msg, route);

    expect(outcome).toMatchObject({ kind: 'accepted', code: 'mesh-accepted', transportMessageId: '20261123100000123456_ABCDEF' });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.pathname).toBe('/messageexchange/X26FS001/outbox');
    expect(request?.headers).toMatchObject({
      'mex-to': "GPPROVIDER_9000000009_19800214_O'BRIEN",
      'mex-workflowid': 'GPCONNECT_UPDATE_RECORD',
      'mex-localid': msg.identifiers.bundleIdentifier,
      'mex-messagetype': 'DATA',
      'mex-content-type': 'application/fhir+json',
    });
    // The bundle here has no document, so the subject is built from the GpMessage alone; still ends with the version.
    expect(request?.headers['mex-subject']).toMatch(/NHS Number: 9000000009, .*version 2$/);
    expect(JSON.parse(request?.body?.toString('utf8') ?? '')).toEqual(msg.bundle);
    // Registered for acknowledgement matching under every id an ack or report can carry.
    expect(store.forReport('20261123100000123456_ABCDEF', null)?.sent.consultationId).toBe(msg.consultationId);
    expect(store.forItkAck(msg.identifiers.messageHeaderId, null)?.tracking).toMatchObject({ phase: 'awaiting-inf-ack', sentAt: at, resends: 0 });
  });

  it('DDMMYYYY addresses when configured so (NHS guides disagree on the order)', async () => {
    const { client, requests } = recordingClient(accepted('m1'));
    await createMeshTransport({ client, store: new AckTrackingStore(), dobFormat: 'DDMMYYYY' }).send(message(), route);
    expect(requests[0]?.headers['mex-to']).toBe("GPPROVIDER_9000000009_14021980_O'BRIEN");
  });

  it('an NHS number that fails Mod 11 is never uploaded: a message fault, not the practice’s', async () => {
    const { client, requests } = recordingClient(accepted('m1'));
    const outcome = await createMeshTransport({ client, store: new AckTrackingStore(), dobFormat: 'YYYYMMDD' }).send(
      message({ nhsNumber: '1234567890' }),
      route,
    );
    expect(outcome).toMatchObject({ kind: 'message-fault', code: 'invalid-mesh-address' });
    expect(outcome.message).not.toContain('1234567890');
    expect(requests).toHaveLength(0);
  });

  it('a refused upload is classified, and nothing is tracked', async () => {
    const { client } = recordingClient(() => ({ status: 503, headers: {}, body: Buffer.from('{}') }));
    const store = new AckTrackingStore();
    const outcome = await createMeshTransport({ client, store, dobFormat: 'YYYYMMDD' }).send(message(), route);
    expect(outcome).toMatchObject({ kind: 'retryable', code: 'mesh-503' });
    expect(store.size).toBe(0);
  });

  it('a header Node refuses (issue #18: O’Sullivan in mex-subject) is a message fault; nothing leaves, nothing is tracked', async () => {
    // The real node:http request, as in production, towards a port nobody listens on: had any byte
    // been sent, the outcome would be a refused connection (retryable), not a message fault.
    const http = createHttpTransport();
    const client = createMeshClient({
      baseUrl: 'http://127.0.0.1:1',
      credentials: { mailboxId: 'X26FS001', password: 'pw', sharedKey: 'key' },
      transport: (request) => http.transport({ ...request, headers: { ...request.headers, 'mex-subject': 'Pharmacy First - O’SULLIVAN, Siobhan' } }),
    });
    const store = new AckTrackingStore();
    try {
      const outcome = await createMeshTransport({ client, store, dobFormat: 'YYYYMMDD' }).send(message(), route);
      expect(outcome).toMatchObject({ kind: 'message-fault', code: 'unencodable-header' });
      expect(outcome.message).toContain('mex-subject');
      expect(outcome.message).not.toMatch(/SULLIVAN/i);
      expect(store.size).toBe(0);
    } finally {
      http.close();
    }
  });
});

describe('classifyMeshError', () => {
  it.each([
    [new MeshHttpError('send', 503), 'retryable', 'mesh-503'],
    [new MeshHttpError('send', 429), 'retryable', 'mesh-429'],
    [new MeshHttpError('send', 401), 'retryable', 'mesh-401'],
    [new MeshHttpError('send', 400, { event: 'SEND', code: '11' }), 'permanent', 'mesh-400-11'],
    [new MeshHttpError('send', 417, { code: 'EPL-152' }), 'permanent', 'mesh-417-EPL-152'],
    [new MeshTimeoutError('send', 30_000), 'retryable', 'timeout'],
    [new MeshNetworkError('send', 'ECONNRESET'), 'retryable', 'ECONNRESET'],
    [new MeshProtocolError('send', 'no message_id'), 'retryable', 'mesh-protocol'],
    // Not a MeshError: thrown on our side before the request left (a bug, a subject that failed to build).
    [new Error('other'), 'message-fault', 'request-build-failed'],
  ] as const)('%s -> %s %s', (error, kind, code) => {
    expect(classifyMeshError(error, 5)).toMatchObject({ kind, code, durationMs: 5 });
  });

  it.each([
    ['U+2019 (O’Sullivan)', 'O’SULLIVAN'],
    ['DEL', 'OSULLIVAN\u007f'],
  ])('Node refusing a header value (%s) -> message-fault naming the header, never the value', (_label, value) => {
    let refused: unknown;
    try {
      validateHeaderValue('mex-subject', value);
    } catch (error) {
      refused = error;
    }
    const outcome = classifyMeshError(refused, 1);
    expect(outcome).toMatchObject({ kind: 'message-fault', code: 'unencodable-header', message: expect.stringContaining('the mex-subject header') });
    expect(outcome.message).not.toMatch(/SULLIVAN/i);
  });
});
