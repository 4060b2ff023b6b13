import { randomBytes } from 'node:crypto';
import {
  createHttpTransport,
  createMeshClient,
  DEFAULT_CHUNK_SIZE_BYTES,
  type MeshClient,
  MeshHttpError,
  MeshNetworkError,
  type MeshOperation,
  WORKFLOW,
} from '@firstsync/mesh';
import { repoRoot } from '@firstsync/system-harness';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MeshSandbox, SANDBOX_MAILBOXES, startMeshSandbox } from '../src/index';

// NHS England's own MESH sandbox (PyPI mesh-sandbox, full authentication, mutual TLS) judges our
// MESH client: every call below is real HTTPS on loopback to the sandbox's code, not ours.
// docs/mesh.md#the-nhs-sandbox-as-an-outside-judge lists what it checks and where it differs.

let sandbox: MeshSandbox;
const clients: MeshClient[] = [];

beforeAll(async () => {
  const log = (msg: string) => process.stderr.write(`[mesh-sandbox] ${msg}\n`);
  sandbox = await startMeshSandbox({ repoRoot, log });
}, 300_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await sandbox?.stop();
});

function client(mailbox: { mailboxId: string; password: string }, overrides: { sharedKey?: string; chunkSizeBytes?: number } = {}): MeshClient {
  const credentials = { ...sandbox.credentials(mailbox), ...(overrides.sharedKey ? { sharedKey: overrides.sharedKey } : {}) };
  const made = createMeshClient({
    baseUrl: sandbox.baseUrl,
    credentials,
    tls: sandbox.tls,
    timeoutMs: 30_000,
    ...(overrides.chunkSizeBytes ? { chunkSizeBytes: overrides.chunkSizeBytes } : {}),
  });
  clients.push(made);
  return made;
}

const sender = () => client(SANDBOX_MAILBOXES.sender);
const practice = () => client(SANDBOX_MAILBOXES.practice);

async function rejection(promise: Promise<unknown>): Promise<MeshHttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshHttpError);
  return error as MeshHttpError;
}

/** Empties the practice inbox so each test counts only its own messages. */
async function drainPractice(): Promise<void> {
  const gp = practice();
  for (const id of await gp.listInbox()) await gp.acknowledge(id);
}

describe('our MESH client against NHS England mesh-sandbox', () => {
  it('handshakes with a valid NHSMESH token and client certificate', async () => {
    await expect(sender().handshake()).resolves.toBeUndefined();
    await expect(practice().handshake()).resolves.toBeUndefined();
  });

  it('is refused at TLS without a client certificate', async () => {
    const noCert = createMeshClient({
      baseUrl: sandbox.baseUrl,
      credentials: sandbox.credentials(SANDBOX_MAILBOXES.sender),
      tls: { ...sandbox.tls, cert: '', key: '' },
      timeoutMs: 10_000,
    });
    clients.push(noCert);
    await expect(noCert.handshake()).rejects.toBeInstanceOf(MeshNetworkError);
  });

  it('sends, lists, downloads and acknowledges one message with its metadata intact', async () => {
    await drainPractice();
    const body = JSON.stringify({ resourceType: 'Bundle', id: randomBytes(8).toString('hex') });
    const sent = await sender().send({
      to: SANDBOX_MAILBOXES.practice.mailboxId,
      workflowId: WORKFLOW.updateRecord,
      body,
      localId: 'local-ref-1',
      subject: 'Pharmacy First consultation, version 1',
      fileName: 'update-record.json',
    });
    expect(sent.chunks).toBe(1);
    expect(sent.messageId).toMatch(/^[0-9A-Z_]+$/);

    const gp = practice();
    expect(await gp.listInbox({ workflowFilter: WORKFLOW.updateRecord })).toEqual([sent.messageId]);
    expect(await gp.listInbox({ workflowFilter: WORKFLOW.updateRecordAck })).toEqual([]);
    const message = await gp.download(sent.messageId);
    expect(message).toMatchObject({
      messageId: sent.messageId,
      messageType: 'DATA',
      workflowId: WORKFLOW.updateRecord,
      from: SANDBOX_MAILBOXES.sender.mailboxId,
      to: SANDBOX_MAILBOXES.practice.mailboxId,
      localId: 'local-ref-1',
      subject: 'Pharmacy First consultation, version 1',
      contentType: 'application/fhir+json',
      fileName: 'update-record.json',
      chunks: 1,
      report: null,
    });
    expect(message.body.toString('utf8')).toBe(body);

    await gp.acknowledge(sent.messageId);
    expect(await gp.listInbox()).toEqual([]);
  });

  it('sends a message above the default 20 MB chunk size in chunks and gets it back byte for byte', { timeout: 120_000 }, async () => {
    await drainPractice();
    const body = randomBytes(DEFAULT_CHUNK_SIZE_BYTES + 4096);
    const sent = await sender().send({
      to: SANDBOX_MAILBOXES.practice.mailboxId,
      workflowId: WORKFLOW.updateRecord,
      body,
      contentType: 'application/fhir+json',
    });
    expect(sent.chunks).toBe(2);
    const message = await practice().download(sent.messageId);
    expect(message.chunks).toBe(2);
    expect(message.contentType).toBe('application/fhir+json');
    expect(message.body.equals(body)).toBe(true);
    await practice().acknowledge(sent.messageId);
  });

  it('sends and reassembles many chunks with a smaller configured chunk size', async () => {
    await drainPractice();
    const body = Buffer.from(JSON.stringify({ text: 'x'.repeat(300_000), random: randomBytes(2048).toString('base64') }));
    const sent = await client(SANDBOX_MAILBOXES.sender, { chunkSizeBytes: 64 * 1024 }).send({
      to: SANDBOX_MAILBOXES.practice.mailboxId,
      workflowId: WORKFLOW.updateRecord,
      body,
    });
    expect(sent.chunks).toBe(Math.ceil(body.length / (64 * 1024)));
    const message = await practice().download(sent.messageId);
    expect(message.chunks).toBe(sent.chunks);
    expect(message.body.equals(body)).toBe(true);
    await practice().acknowledge(sent.messageId);
  });

  it('follows links.next through every page of an inbox larger than one page', async () => {
    await drainPractice();
    const ours = sender();
    const sentIds: string[] = [];
    for (let n = 0; n < 25; n += 1) {
      sentIds.push((await ours.send({ to: SANDBOX_MAILBOXES.practice.mailboxId, workflowId: WORKFLOW.updateRecord, body: `{"n":${n}}` })).messageId);
    }
    // Count the inbox pages the client asks for through a transport of our own.
    const pages: MeshOperation[] = [];
    const http = createHttpTransport(sandbox.tls);
    const counting = createMeshClient({
      baseUrl: sandbox.baseUrl,
      credentials: sandbox.credentials(SANDBOX_MAILBOXES.practice),
      transport: (request) => {
        pages.push(request.operation);
        return http.transport(request);
      },
    });
    try {
      const listed = await counting.listInbox({ maxResults: 10 });
      expect(pages).toEqual(['inbox', 'inbox', 'inbox']);
      expect([...listed].sort()).toEqual([...sentIds].sort());
      expect(new Set(listed).size).toBe(25);
      expect(await counting.listInbox({ maxResults: 10, limit: 12 })).toHaveLength(12);
      // The sandbox refuses max_results below 10 with 400; the client asks for 10 instead.
      expect(await counting.listInbox({ maxResults: 5 })).toHaveLength(25);
    } finally {
      http.close();
    }
    await drainPractice();
  });

  it('looks a practice up by ODS code for the Update Record workflow', async () => {
    const ours = sender();
    expect(await ours.lookupEndpoint(SANDBOX_MAILBOXES.practice.odsCode, WORKFLOW.updateRecord)).toEqual([
      { mailboxId: SANDBOX_MAILBOXES.practice.mailboxId, mailboxName: 'GP practice A81001' },
    ]);
    // The sandbox matches ODS codes exactly; the client upper-cases what it is given.
    expect(await ours.lookupEndpoint('a81001', WORKFLOW.updateRecord)).toHaveLength(1);
    // A practice with a mailbox but no Update Record registration, and an ODS code with no mailbox.
    expect(await ours.lookupEndpoint(SANDBOX_MAILBOXES.unregisteredPractice.odsCode, WORKFLOW.updateRecord)).toEqual([]);
    expect(await ours.lookupEndpoint('Y99999', WORKFLOW.updateRecord)).toEqual([]);
    expect(await ours.lookupEndpoint(SANDBOX_MAILBOXES.sender.odsCode, WORKFLOW.updateRecordAck)).toEqual([
      { mailboxId: SANDBOX_MAILBOXES.sender.mailboxId, mailboxName: 'firstsync sender' },
    ]);
  });

  it('answers an unknown recipient mailbox with 417 SEND/12 on the send call', async () => {
    const error = await rejection(sender().send({ to: 'X99NOTHERE', workflowId: WORKFLOW.updateRecord, body: '{}' }));
    expect(error.status).toBe(417);
    expect(error.detail).toEqual({ event: 'SEND', code: '12' });
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain('X99NOTHERE');
  });

  it('refuses a wrong password, a wrong shared key and an unknown mailbox with 403', async () => {
    const wrongPassword = client({ mailboxId: SANDBOX_MAILBOXES.sender.mailboxId, password: 'not-the-password' });
    const wrongKey = client(SANDBOX_MAILBOXES.sender, { sharedKey: 'not-the-shared-key' });
    const unknown = client({ mailboxId: 'X26NOBODY', password: 'password' });
    for (const refused of [wrongPassword, wrongKey, unknown]) {
      const error = await rejection(refused.handshake());
      expect(error.status).toBe(403);
      expect(error.authenticationFailed).toBe(true);
      expect(error.retryable).toBe(false);
    }
    const sendError = await rejection(wrongKey.send({ to: SANDBOX_MAILBOXES.practice.mailboxId, workflowId: WORKFLOW.updateRecord, body: '{}' }));
    expect(sendError.authenticationFailed).toBe(true);
  });

  it('answers an unknown message id with 404 RECEIVE/20 on download and acknowledge', async () => {
    const gp = practice();
    const download = await rejection(gp.download('20200101000000000000_ABCDEF'));
    expect(download.status).toBe(404);
    expect(download.detail).toEqual({ event: 'RECEIVE', code: '20' });
    const acknowledge = await rejection(gp.acknowledge('20200101000000000000_ABCDEF'));
    expect(acknowledge.status).toBe(404);
  });

  it('answers 410 for a message that expired undelivered, and reports it to the sender as 14', async () => {
    await drainPractice();
    const ours = sender();
    const sent = await ours.send({ to: SANDBOX_MAILBOXES.practice.mailboxId, workflowId: WORKFLOW.updateRecord, body: '{}', localId: 'expiring' });
    // What MESH does after the recipient's 5 days: the message becomes undeliverable and a
    // non-delivery report goes to the sender (the sandbox's testing-only admin routes).
    const expired = await sandbox.admin('POST', `message/${sent.messageId}/event`, { status: 'undeliverable' });
    expect(expired.status).toBe(200);
    const report = await sandbox.admin('POST', 'report', {
      mailbox_id: SANDBOX_MAILBOXES.sender.mailboxId,
      code: '14',
      description: 'Message not collected by recipient after 5 days',
      workflow_id: WORKFLOW.updateRecord,
      local_id: 'expiring',
      linked_message_id: sent.messageId,
      status: 'undeliverable',
    });
    expect(report.status).toBe(200);

    const gone = await rejection(practice().download(sent.messageId));
    expect(gone.status).toBe(410);
    expect(await practice().listInbox()).toEqual([]);

    const reports = await ours.listInbox({ workflowFilter: WORKFLOW.updateRecord });
    expect(reports).toHaveLength(1);
    const ndr = await ours.download(defined(reports[0], 'report id'));
    expect(ndr.messageType).toBe('REPORT');
    expect(ndr.localId).toBe('expiring');
    expect(ndr.body.length).toBe(0);
    expect(defined(ndr.report, 'report')).toMatchObject({ kind: 'undelivered', statusCode: '14', success: false, linkedMessageId: sent.messageId });
    await ours.acknowledge(ndr.messageId);
  });

  it('reads an EPL-151 routing report (no mailbox for the workflow) as the right kind', async () => {
    const ours = sender();
    const created = await sandbox.admin('POST', 'report', {
      mailbox_id: SANDBOX_MAILBOXES.sender.mailboxId,
      code: 'EPL-151',
      description: 'No mailbox matched',
      workflow_id: WORKFLOW.updateRecord,
      local_id: 'routing',
      linked_message_id: '20200101000000000000_ABCDEF',
      status: 'error',
    });
    const reportId = defined((created.body as { message_id?: string } | null)?.message_id, 'report message id');
    const report = await ours.download(reportId);
    expect(defined(report.report, 'report')).toMatchObject({ kind: 'no-mailbox', statusCode: 'EPL-151', linkedMessageId: '20200101000000000000_ABCDEF' });
    await ours.acknowledge(reportId);
  });
});
