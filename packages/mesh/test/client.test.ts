import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMeshAuthorization, verifyMeshToken } from '../src/auth-token';
import { createMeshClient, type MeshClientOptions } from '../src/client';
import { MeshHttpError, MeshNetworkError, MeshProtocolError, MeshTimeoutError } from '../src/errors';
import { type Responder, startLoopbackServer, v2Json } from './loopback-server';

// Request/response shapes as documented for MESH API v2 (mesh-api-specification, mesh-sandbox):
// send 202 {message_id}; inbox {messages, links}; download 200/206 with mex-* headers and
// mex-chunk-range; acknowledge PUT .../status/acknowledged 200; errors {message_id, detail[]}.
const credentials = { mailboxId: 'X26FS001', password: 'pw', sharedKey: 'TestKey' };
const ADDRESS = 'GPPROVIDER_9000000009_09011955_MOWERS';
const MESSAGE_ID = '20200601122152994285_D59900';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function rig(responder: Responder, options: Partial<MeshClientOptions> = {}) {
  const server = await startLoopbackServer(responder);
  const client = createMeshClient({ baseUrl: server.baseUrl, credentials, timeoutMs: 2_000, ...options });
  closers.push(async () => {
    client.close();
    await server.close();
  });
  return { server, client };
}

describe('MESH client: handshake and authentication', () => {
  it('handshakes with a valid NHSMESH token and the client headers', async () => {
    const { server, client } = await rig(() => ({ status: 200 }));
    await client.handshake();
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/messageexchange/X26FS001');
    expect(request?.headers.accept).toBe('application/vnd.mesh.v2+json');
    expect(request?.headers['mex-clientversion']).toBeTruthy();
    expect(request?.headers['mex-osname']).toBeTruthy();
    const token = parseMeshAuthorization(request?.headers.authorization);
    expect(token && verifyMeshToken(token, credentials)).toBe(true);
  });

  it('computes a new token per request', async () => {
    const { server, client } = await rig(() => ({ status: 200 }));
    await client.handshake();
    await client.handshake();
    expect(server.requests[0]?.headers.authorization).not.toBe(server.requests[1]?.headers.authorization);
  });

  it('reports a refused token as a non-retryable authentication failure', async () => {
    const { client } = await rig(() => ({ status: 403 }));
    const error = await client.handshake().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshHttpError);
    expect((error as MeshHttpError).authenticationFailed).toBe(true);
    expect((error as MeshHttpError).retryable).toBe(false);
  });
});

describe('MESH client: send', () => {
  it('posts to the outbox with the Update Record headers and returns the message id', async () => {
    const { server, client } = await rig(() => v2Json({ message_id: MESSAGE_ID }, 202));
    const result = await client.send({
      to: ADDRESS,
      workflowId: 'GPCONNECT_UPDATE_RECORD',
      body: '{"resourceType":"Bundle"}',
      localId: 'FVR79-c0ffee',
      subject: 'Pharmacy First consultation for ..., version 1',
    });
    expect(result).toEqual({ messageId: MESSAGE_ID, chunks: 1 });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/messageexchange/X26FS001/outbox');
    expect(request?.headers).toMatchObject({
      'mex-to': ADDRESS,
      'mex-workflowid': 'GPCONNECT_UPDATE_RECORD',
      'mex-localid': 'FVR79-c0ffee',
      'mex-subject': 'Pharmacy First consultation for ..., version 1',
      'mex-content-type': 'application/fhir+json',
      'mex-messagetype': 'DATA',
      'mex-chunk-range': '1:1',
      'content-type': 'application/fhir+json',
    });
    expect(request?.body.toString()).toBe('{"resourceType":"Bundle"}');
  });

  it('splits a large payload into chunks: first on the outbox, the rest on outbox/{id}/{n}', async () => {
    const { server, client } = await rig((r) => (r.path.endsWith('/outbox') ? v2Json({ message_id: MESSAGE_ID }, 202) : { status: 202 }), {
      chunkSizeBytes: 10,
    });
    const body = Buffer.from('abcdefghijklmnopqrstuvwxy'); // 25 bytes -> 10 + 10 + 5
    const result = await client.send({ to: 'X26GP001', workflowId: 'GPCONNECT_UPDATE_RECORD', body, contentType: 'application/fhir+json' });
    expect(result.chunks).toBe(3);
    expect(server.requests.map((r) => [r.path, r.headers['mex-chunk-range']])).toEqual([
      ['/messageexchange/X26FS001/outbox', '1:3'],
      [`/messageexchange/X26FS001/outbox/${MESSAGE_ID}/2`, '2:3'],
      [`/messageexchange/X26FS001/outbox/${MESSAGE_ID}/3`, '3:3'],
    ]);
    expect(server.requests[0]?.headers['content-type']).toBe('application/octet-stream');
    expect(server.requests[0]?.headers['mex-content-type']).toBe('application/fhir+json');
    expect(Buffer.concat(server.requests.map((r) => r.body)).equals(body)).toBe(true);
  });

  it('turns a MESH 417 into a typed error with the MESH code and no patient data', async () => {
    const { client } = await rig(() =>
      v2Json({ message_id: MESSAGE_ID, internal_id: 'x', detail: [{ event: 'SEND', code: '12', msg: `Unregistered to address ${ADDRESS}` }] }, 417),
    );
    const error = await client.send({ to: ADDRESS, workflowId: 'GPCONNECT_UPDATE_RECORD', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshHttpError);
    const http = error as MeshHttpError;
    expect(http.status).toBe(417);
    expect(http.detail).toEqual({ event: 'SEND', code: '12' });
    expect(http.messageId).toBe(MESSAGE_ID);
    expect(http.retryable).toBe(false);
    expect(`${http.message} ${String(http.stack)}`).not.toMatch(/9000000009|MOWERS|GPPROVIDER/);
  });

  it('drops error-body values that are not short codes (they may echo request data)', async () => {
    const { client } = await rig(() => v2Json({ detail: [{ event: 'SEND', code: ADDRESS.replace(/_/g, ' ') }] }, 400));
    const error = (await client.send({ to: ADDRESS, workflowId: 'W', body: '{}' }).catch((e: unknown) => e)) as MeshHttpError;
    expect(error.detail).toEqual({ event: 'SEND' });
    expect(error.message).not.toContain('9000000009');
  });

  it('marks 5xx as retryable', async () => {
    const { client } = await rig(() => ({ status: 503 }));
    const error = (await client.send({ to: 'X26GP001', workflowId: 'W', body: '{}' }).catch((e: unknown) => e)) as MeshHttpError;
    expect(error).toBeInstanceOf(MeshHttpError);
    expect(error.retryable).toBe(true);
  });

  it('rejects a 202 without a message id as a protocol error', async () => {
    const { client } = await rig(() => v2Json({}, 202));
    await expect(client.send({ to: 'X26GP001', workflowId: 'W', body: '{}' })).rejects.toBeInstanceOf(MeshProtocolError);
  });

  it('times out a server that never answers', async () => {
    const { client } = await rig(() => ({ status: 200, hang: true }), { timeoutMs: 150 });
    const error = await client.send({ to: ADDRESS, workflowId: 'W', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshTimeoutError);
    expect((error as MeshTimeoutError).retryable).toBe(true);
    expect((error as Error).message).not.toContain('9000000009');
  });

  it('reports an unreachable server as a retryable network error with the errno only', async () => {
    const { server, client } = await rig(() => ({ status: 200 }));
    await server.close();
    const error = await client.send({ to: ADDRESS, workflowId: 'W', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshNetworkError);
    expect((error as MeshNetworkError).code).toBe('ECONNREFUSED');
    expect((error as Error).message).not.toContain('127.0.0.1');
  });
});

describe('MESH client: inbox, download, acknowledge, endpoint lookup', () => {
  it('lists the inbox following links.next, with the workflow filter', async () => {
    const { server, client } = await rig((r) =>
      r.path.includes('continue_from')
        ? v2Json({ messages: ['C'], approx_inbox_count: 3, links: { self: '/x' } })
        : v2Json({
            messages: ['A', 'B'],
            approx_inbox_count: 3,
            links: { self: '/x', next: '/messageexchange/X26FS001/inbox?workflow_filter=GPCONNECT_UPDATE_RECORD_ACK&continue_from=abc' },
          }),
    );
    const ids = await client.listInbox({ workflowFilter: 'GPCONNECT_UPDATE_RECORD_ACK' });
    expect(ids).toEqual(['A', 'B', 'C']);
    expect(server.requests[0]?.path).toBe('/messageexchange/X26FS001/inbox?workflow_filter=GPCONNECT_UPDATE_RECORD_ACK');
    expect(server.requests[1]?.path).toContain('continue_from=abc');
  });

  it('asks for inbox pages MESH accepts: max_results brought into 10..5000 (mesh-sandbox answers 400 outside)', async () => {
    const { server, client } = await rig(() => v2Json({ messages: [], links: { self: '/x' } }));
    for (const maxResults of [5, 10, 250, 9000]) await client.listInbox({ maxResults });
    expect(server.requests.map((r) => new URL(r.path, 'http://x').searchParams.get('max_results'))).toEqual(['10', '10', '250', '5000']);
  });

  it('downloads a single-chunk data message with its mex headers', async () => {
    const { server, client } = await rig(() => ({
      status: 200,
      headers: {
        'content-type': 'application/octet-stream',
        'mex-messageid': MESSAGE_ID,
        'mex-messagetype': 'DATA',
        'mex-from': 'A81001GP',
        'mex-to': 'X26FS001',
        'mex-workflowid': 'GPCONNECT_UPDATE_RECORD_ACK',
        'mex-localid': 'ack-1',
        'mex-content-type': 'application/fhir+json',
        'mex-chunk-range': '1:1',
        'mex-statussuccess': 'SUCCESS',
      },
      body: '{"resourceType":"Bundle"}',
    }));
    const message = await client.download(MESSAGE_ID);
    expect(server.requests[0]?.path).toBe(`/messageexchange/X26FS001/inbox/${MESSAGE_ID}`);
    expect(message).toMatchObject({
      messageId: MESSAGE_ID,
      messageType: 'DATA',
      from: 'A81001GP',
      workflowId: 'GPCONNECT_UPDATE_RECORD_ACK',
      localId: 'ack-1',
      contentType: 'application/fhir+json',
      chunks: 1,
      report: null,
    });
    expect(message.body.toString()).toBe('{"resourceType":"Bundle"}');
  });

  it('downloads every chunk of a 206 message and gunzips a gzip body', async () => {
    const whole = gzipSync(Buffer.from('x'.repeat(100)));
    const parts = [whole.subarray(0, 20), whole.subarray(20)];
    const { server, client } = await rig((r) => {
      const second = r.path.endsWith('/2');
      return {
        status: second ? 200 : 206,
        headers: { 'content-encoding': 'gzip', 'mex-chunk-range': second ? '2:2' : '1:2', 'mex-messagetype': 'DATA' },
        body: parts[second ? 1 : 0],
      };
    });
    const message = await client.download(MESSAGE_ID);
    expect(server.requests.map((r) => r.path)).toEqual([`/messageexchange/X26FS001/inbox/${MESSAGE_ID}`, `/messageexchange/X26FS001/inbox/${MESSAGE_ID}/2`]);
    expect(message.chunks).toBe(2);
    expect(message.body.toString()).toBe('x'.repeat(100));
  });

  it('gives each downloaded body memory of its own, not a view of a shared 64 KB buffer that it would keep alive', async () => {
    const plain = 'a'.repeat(3_000);
    const { client } = await rig((r) => {
      const headers: Record<string, string> = { 'mex-messagetype': 'DATA' };
      if (!r.path.endsWith('gz')) return { status: 200, headers, body: plain };
      return { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: gzipSync(Buffer.from(plain)) };
    });
    for (const id of [MESSAGE_ID, `${MESSAGE_ID}gz`]) {
      const { body } = await client.download(id);
      expect(body.toString()).toBe(plain);
      expect({ id, backing: body.buffer.byteLength, offset: body.byteOffset }).toEqual({ id, backing: body.length, offset: 0 });
    }
  });

  it('reads a routing-failure report from the mex-Status headers', async () => {
    const { client } = await rig(() => ({
      status: 200,
      headers: {
        'mex-messagetype': 'REPORT',
        'mex-statuscode': 'EPL-151',
        'mex-statusevent': 'SEND',
        'mex-statusdescription': 'No mailbox matched',
        'mex-statussuccess': 'ERROR',
        'mex-linkedmsgid': MESSAGE_ID,
        'mex-localid': 'FVR79-c0ffee',
        'mex-workflowid': 'GPCONNECT_UPDATE_RECORD',
      },
    }));
    const message = await client.download('20200601122152994285_AAAAAA');
    expect(message.messageType).toBe('REPORT');
    expect(message.report).toMatchObject({ kind: 'no-mailbox', statusCode: 'EPL-151', success: false, linkedMessageId: MESSAGE_ID });
    expect(message.localId).toBe('FVR79-c0ffee');
  });

  it('acknowledges with PUT .../status/acknowledged', async () => {
    const { server, client } = await rig(() => ({ status: 200 }));
    await client.acknowledge(MESSAGE_ID);
    expect(server.requests[0]).toMatchObject({ method: 'PUT', path: `/messageexchange/X26FS001/inbox/${MESSAGE_ID}/status/acknowledged` });
  });

  it('looks up the mailboxes of an ODS code for a workflow', async () => {
    const { server, client } = await rig(() => v2Json({ results: [{ mailbox_id: 'A81001GP', mailbox_name: 'Practice A81001' }] }));
    expect(await client.lookupEndpoint('A81001', 'GPCONNECT_UPDATE_RECORD')).toEqual([{ mailboxId: 'A81001GP', mailboxName: 'Practice A81001' }]);
    expect(server.requests[0]?.path).toBe('/messageexchange/endpointlookup/A81001/GPCONNECT_UPDATE_RECORD');
  });

  it('upper-cases the ODS code it looks up (MESH matches it exactly; mesh-sandbox finds nothing for lower case)', async () => {
    const { server, client } = await rig(() => v2Json({ results: [] }));
    await client.lookupEndpoint(' a81001 ', 'GPCONNECT_UPDATE_RECORD');
    expect(server.requests[0]?.path).toBe('/messageexchange/endpointlookup/A81001/GPCONNECT_UPDATE_RECORD');
  });

  it('treats 410 Gone on download as a non-retryable error', async () => {
    const { client } = await rig(() => v2Json({ detail: [{ event: 'SEND', code: 'Message already accepted' }] }, 410));
    const error = (await client.download(MESSAGE_ID).catch((e: unknown) => e)) as MeshHttpError;
    expect(error.status).toBe(410);
    expect(error.retryable).toBe(false);
  });
});
