import { createMeshClient, gpProviderAddress, type InboxMessage, MeshHttpError, WORKFLOW } from '@firstsync/mesh';
import { defined } from '@firstsync/testkit/defined';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NHS_SIDE_DEFAULTS } from '../src/nhs-side';
import { PATIENT, PRACTICE, type Rig, registerPatient, SENDER, startRig, updateRecordMessage } from './mesh-rig';

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

async function onlyReport(): Promise<InboxMessage> {
  const id = defined((await rig.waitForInbox(1))[0], 'a report in the inbox');
  return rig.client.download(id);
}

describe('simulated MESH: GPPROVIDER routing failures come back as reports in the sender inbox', () => {
  it.each([
    ['EPL-152', 'an NHS number failing Mod 11', 'GPPROVIDER_4857773456_09011955_MOWERS', 'invalid-nhs-number'],
    ['EPL-153', 'an NHS number PDS does not know', gpProviderAddress({ ...PATIENT, nhsNumber: '9000000017' }), 'nhs-number-not-found'],
    ['EPL-154', 'a surname that does not match PDS', gpProviderAddress({ ...PATIENT, surname: 'Smith' }), 'demographics-mismatch'],
    ['EPL-154', 'a birth date that does not match PDS', gpProviderAddress({ ...PATIENT, birthDate: '1955-01-10' }), 'demographics-mismatch'],
  ])('%s for %s', async (code, _why, address, kind) => {
    await registerPatient(rig);
    const sent = await rig.send(updateRecordMessage({ bundle: 'b-1' }), { to: address, localId: 'local-9' });
    const report = await onlyReport();
    expect(report.messageType).toBe('REPORT');
    expect(report.body.length).toBe(0);
    expect(report.localId).toBe('local-9');
    expect(report.workflowId).toBe(WORKFLOW.updateRecord);
    expect(report.report).toMatchObject({ kind, statusCode: code, statusEvent: 'SEND', success: false, linkedMessageId: sent });
  });

  it('accepts the YYYYMMDD birth-date order as well', async () => {
    await registerPatient(rig);
    await rig.send(updateRecordMessage({ bundle: 'b-1' }), { to: gpProviderAddress(PATIENT, 'YYYYMMDD') });
    const id = defined((await rig.waitForInbox(1))[0], 'an ack in the inbox');
    expect((await rig.client.download(id)).workflowId).toBe(WORKFLOW.updateRecordAck);
  });

  it.each([
    ['no-mailbox', 'EPL-151'],
    ['multiple-mailboxes', 'EPL-150'],
  ] as const)('practice MESH set-up %s reports %s', async (meshRouting, code) => {
    await registerPatient(rig);
    await rig.admin('PUT', `/admin/nhs/practices/${PRACTICE}`, { meshRouting });
    await rig.send(updateRecordMessage({ bundle: 'b-1' }));
    expect((await onlyReport()).report?.statusCode).toBe(code);
  });

  it('reports a message the practice never collects as undelivered (14)', async () => {
    await registerPatient(rig);
    await rig.admin('PUT', `/admin/nhs/practices/${PRACTICE}`, { collect: false });
    const sent = await rig.send(updateRecordMessage({ bundle: 'b-1' }));
    const report = await onlyReport();
    expect(report.report).toMatchObject({ kind: 'undelivered', statusCode: '14', linkedMessageId: sent });
    const messages = (await rig.admin('GET', `/admin/nhs/mesh/messages?localId=FVR79&type=DATA`)).json as { messages: { messageId: string; status: string }[] };
    expect(messages.messages).toEqual([expect.objectContaining({ messageId: sent, status: 'undeliverable' })]);
  });
});

describe('simulated MESH: API behaviour', () => {
  it('fails the next N sends to a practice with the configured status, then recovers', async () => {
    await registerPatient(rig);
    await rig.admin('PUT', `/admin/nhs/practices/${PRACTICE}`, { meshSendError: { status: 503, count: 2 } });
    for (let i = 0; i < 2; i += 1) {
      const error = await rig.send(updateRecordMessage({ bundle: 'b-1' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MeshHttpError);
      expect((error as MeshHttpError).status).toBe(503);
      expect((error as MeshHttpError).retryable).toBe(true);
    }
    await rig.send(updateRecordMessage({ bundle: 'b-1' }));
    expect(await rig.waitForInbox(1)).toHaveLength(1);
  });

  it('refuses a send to an unregistered mailbox on the call itself (417, code 12)', async () => {
    const error = (await rig.send(updateRecordMessage({ bundle: 'b-1' }), { to: 'NOSUCHBOX' }).catch((e: unknown) => e)) as MeshHttpError;
    expect(error).toBeInstanceOf(MeshHttpError);
    expect(error.status).toBe(417);
    expect(error.detail).toEqual({ event: 'SEND', code: '12' });
  });

  it('handshakes, and refuses a wrong password or a replayed token', async () => {
    await rig.client.handshake();
    const wrong = createMeshClient({
      baseUrl: rig.baseUrl,
      credentials: { mailboxId: SENDER.mailboxId, password: 'wrong', sharedKey: NHS_SIDE_DEFAULTS.sharedKey },
    });
    const error = (await wrong.handshake().catch((e: unknown) => e)) as MeshHttpError;
    wrong.close();
    expect(error.authenticationFailed).toBe(true);

    let captured = '';
    const replaying = createMeshClient({
      baseUrl: rig.baseUrl,
      credentials: { mailboxId: SENDER.mailboxId, password: SENDER.password, sharedKey: NHS_SIDE_DEFAULTS.sharedKey },
      transport: async (request) => {
        captured ||= request.headers.authorization ?? '';
        const response = await fetch(request.url, { method: request.method, headers: { ...request.headers, authorization: captured } });
        return { status: response.status, headers: {}, body: Buffer.from(await response.arrayBuffer()) };
      },
    });
    await replaying.handshake();
    await expect(replaying.handshake()).rejects.toMatchObject({ status: 403 });
  });

  it('looks up a practice mailbox for the workflow, none when the practice is not on MESH', async () => {
    await registerPatient(rig);
    expect(await rig.client.lookupEndpoint(PRACTICE, WORKFLOW.updateRecord)).toEqual([{ mailboxId: `${PRACTICE}GP`, mailboxName: `GP practice ${PRACTICE}` }]);
    await rig.admin('PUT', `/admin/nhs/practices/${PRACTICE}`, { meshRouting: 'no-mailbox' });
    expect(await rig.client.lookupEndpoint(PRACTICE, WORKFLOW.updateRecord)).toEqual([]);
  });

  it('pages the inbox with links.next and filters by workflow', async () => {
    await registerPatient(rig);
    await rig.admin('PUT', `/admin/nhs/practices/${PRACTICE}`, { patient: 'unknown' });
    for (const bundle of ['b-1', 'b-2', 'b-3']) await rig.send(updateRecordMessage({ bundle }));
    await rig.waitForInbox(6);
    expect(await rig.client.listInbox({ maxResults: 10, workflowFilter: WORKFLOW.updateRecordAck })).toHaveLength(6);
    const firstPage = await fetch(`${rig.baseUrl}/admin/nhs/mesh/messages?mailbox=${SENDER.mailboxId}&workflowId=${WORKFLOW.updateRecordAck}`);
    expect(((await firstPage.json()) as { count: number }).count).toBe(6);
    expect(await rig.client.listInbox({ workflowFilter: `!${WORKFLOW.updateRecordAck}` })).toEqual([]);
  });

  it('refuses to let a mailbox download another mailbox’s message', async () => {
    await registerPatient(rig);
    await rig.admin('PUT', '/admin/nhs/mesh/mailboxes/X26OTHER', { password: 'pw2' });
    await rig.send(updateRecordMessage({ bundle: 'b-1' }));
    const id = defined((await rig.waitForInbox(1))[0], 'an ack in the inbox');
    const other = createMeshClient({ baseUrl: rig.baseUrl, credentials: { mailboxId: 'X26OTHER', password: 'pw2', sharedKey: NHS_SIDE_DEFAULTS.sharedKey } });
    await expect(other.download(id)).rejects.toMatchObject({ status: 403 });
    other.close();
  });

  it('resets to a clean state through the admin API', async () => {
    await registerPatient(rig);
    await rig.send(updateRecordMessage({ bundle: 'b-1' }));
    await rig.waitForInbox(1);
    expect((await rig.admin('POST', '/admin/nhs/reset')).status).toBe(204);
    expect(await rig.client.listInbox()).toEqual([]);
    expect((await rig.admin('GET', `/admin/nhs/practices/${PRACTICE}`)).status).toBe(404);
    await rig.client.handshake();
  });
});
