import { drainInbox, type InboxMessage, WORKFLOW } from '@firstsync/mesh';
import { leakedSecrets } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { parseItkAck } from '@firstsync/update-record';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADDRESS, PATIENT, PRACTICE, type Rig, registerPatient, startRig, updateRecordMessage } from './mesh-rig';

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

async function acks(expected: number) {
  const ids = await rig.waitForInbox(expected, WORKFLOW.updateRecordAck);
  const messages = await Promise.all(ids.map((id) => rig.client.download(id)));
  return messages.map((m) => ({ message: m, ack: parseItkAck(m.body) }));
}

async function ackAll(ids: readonly string[]) {
  for (const id of ids) await rig.client.acknowledge(id);
}

describe('simulated GP system over MESH: happy path with one-click filing', () => {
  it('answers 20013, shows the consultation on the workflow inbox page, and answers 30001 after filing', async () => {
    await registerPatient(rig);
    const meshMessageId = await rig.send(updateRecordMessage({ bundle: 'b-1' }), { localId: 'local-1' });

    const [inf] = await acks(1);
    expect(inf?.ack).toMatchObject({
      kind: 'infrastructure',
      code: '20013',
      positive: true,
      messageHeaderId: 'mh-b-1',
      senderReference: 'sr-b-1',
      responderOds: PRACTICE,
    });
    expect(inf?.message).toMatchObject({ from: `${PRACTICE}GP`, workflowId: WORKFLOW.updateRecordAck, localId: 'local-1', messageType: 'DATA' });
    await ackAll([defined(inf, 'the infrastructure ack').message.messageId]);

    const page = await fetch(`${rig.baseUrl}/gp/${PRACTICE}/inbox`);
    const html = await page.text();
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('File to record');
    expect(html).toContain('Pharmacy First consultation');
    const task = defined((await rig.practice()).tasks[0], 'a task');
    expect(task).toMatchObject({ bundleIdentifier: 'b-1', status: 'awaiting-filing' });

    const filing = await fetch(`${rig.baseUrl}/gp/${PRACTICE}/tasks/${task.taskId}/file`, {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(filing.status).toBe(303);
    expect(filing.headers.get('location')).toBe(`/gp/${PRACTICE}/inbox`);

    const [bus] = await acks(1);
    expect(bus?.ack).toMatchObject({ kind: 'business', code: '30001', positive: true, messageHeaderId: 'mh-b-1' });
    expect((await rig.practice()).tasks[0]?.status).toBe('filed');
    expect((await rig.practice()).receipts[0]).toMatchObject({ meshMessageId, infAckCode: '20013', busAckCode: '30001' });
    expect(await (await fetch(`${rig.baseUrl}/gp/${PRACTICE}/inbox`)).text()).not.toContain('<button');

    // Filing twice sends nothing more.
    await fetch(`${rig.baseUrl}/gp/${PRACTICE}/tasks/${task.taskId}/file`, { method: 'POST', redirect: 'manual' });
    expect((await rig.practice()).acks).toHaveLength(2);
  });

  it('files by the admin API too, and drainInbox hands every ack over before acknowledging it', async () => {
    await registerPatient(rig);
    await rig.send(updateRecordMessage({ bundle: 'b-2' }));
    await rig.waitForInbox(1);
    const task = defined((await rig.practice()).tasks[0], 'a task');
    expect((await rig.admin('POST', `/admin/nhs/practices/${PRACTICE}/tasks/${task.taskId}/file`)).json).toEqual({ result: 'filed' });
    await rig.waitForInbox(2);

    const seen: InboxMessage[] = [];
    const { handled } = await drainInbox(
      rig.client,
      async (message) => {
        seen.push(message);
      },
      { workflowFilter: WORKFLOW.updateRecordAck },
    );
    expect(handled).toBe(2);
    expect(seen.map((m) => parseItkAck(m.body).code).sort()).toEqual(['20013', '30001']);
    expect(await rig.client.listInbox()).toEqual([]);
  });

  it('leaves a message in the inbox when the drain handler fails', async () => {
    await registerPatient(rig);
    await rig.send(updateRecordMessage({ bundle: 'b-3' }));
    await rig.waitForInbox(1);
    await expect(drainInbox(rig.client, async () => Promise.reject(new Error('kafka down')))).rejects.toThrow('kafka down');
    expect(await rig.client.listInbox()).toHaveLength(1);
  });

  it('never logs the GPPROVIDER address, NHS number or surname', async () => {
    await registerPatient(rig);
    await rig.send(updateRecordMessage({ bundle: 'b-4' }));
    await rig.waitForInbox(1);
    await fetch(`${rig.baseUrl}/gp/${PRACTICE}/inbox`);
    expect(rig.lines.length).toBeGreaterThan(0);
    expect(leakedSecrets(rig.lines, [ADDRESS, PATIENT.nhsNumber, PATIENT.surname, PATIENT.surname.toUpperCase()])).toEqual([]);
  });
});

describe('simulated GP system: negative and duplicate acknowledgements', () => {
  it('answers a resend of the same Bundle 20007 and the same document under a new Bundle 20008', async () => {
    await registerPatient(rig);
    await rig.send(updateRecordMessage({ bundle: 'b-1', document: 'd-1' }));
    await rig.waitForInbox(1);
    await rig.send(updateRecordMessage({ bundle: 'b-1', document: 'd-1' }));
    await rig.send(updateRecordMessage({ bundle: 'b-2', document: 'd-1' }));
    const codes = (await acks(3)).map((a) => a.ack.code);
    expect(codes).toEqual(['20013', '20007', '20008']);
    expect((await rig.practice()).tasks).toHaveLength(1);
  });

  it('answers 20010 when the practice switched Update Record off, with no task and no business ack', async () => {
    await registerPatient(rig);
    await rig.admin('PUT', `/admin/nhs/practices/${PRACTICE}`, { updateRecord: false });
    await rig.send(updateRecordMessage({ bundle: 'b-1' }));
    const [inf] = await acks(1);
    expect(inf?.ack).toMatchObject({ code: '20010', positive: false, responseCode: 'fatal-error' });
    const practice = await rig.practice();
    expect(practice.tasks).toEqual([]);
    expect(practice.receipts[0]).toMatchObject({ infAckCode: '20010', busAckCode: null });
  });

  it('answers 20009 to a payload that is not a valid ITK3 message', async () => {
    await registerPatient(rig);
    await rig.send({ resourceType: 'Bundle', type: 'collection' });
    const [inf] = await acks(1);
    expect(inf?.ack.code).toBe('20009');
  });

  it.each([
    ['unknown', '30002'],
    ['left', '30003'],
  ] as const)('answers 20013 then %s patient %s without a task', async (patient, code) => {
    await registerPatient(rig);
    await rig.admin('PUT', `/admin/nhs/practices/${PRACTICE}`, { patient });
    await rig.send(updateRecordMessage({ bundle: 'b-1' }));
    const codes = (await acks(2)).map((a) => [a.ack.code, a.ack.positive]);
    expect(codes).toEqual([
      ['20013', true],
      [code, false],
    ]);
    expect((await rig.practice()).tasks).toEqual([]);
  });

  it('collects but never acknowledges when the infrastructure ack is set missing', async () => {
    await registerPatient(rig);
    await rig.admin('PUT', `/admin/nhs/practices/${PRACTICE}`, { infAck: 'missing', busAck: 'missing', autoFile: true });
    await rig.send(updateRecordMessage({ bundle: 'b-1' }));
    const deadline = Date.now() + 10_000;
    while ((await rig.practice()).receipts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const practice = await rig.practice();
    // Acks are sent in the same step as the receipt is recorded, so none will follow.
    expect(practice.receipts[0]).toMatchObject({ infAckCode: null, busAckCode: null });
    expect(practice.tasks[0]?.status).toBe('filed');
    expect(await rig.client.listInbox()).toEqual([]);
  });
});

describe('simulated MESH: chunking and PDS learning', () => {
  it('reassembles a chunked Update Record before the GP system reads it', async () => {
    await rig.close();
    rig = await startRig({ chunkSizeBytes: 512 });
    await registerPatient(rig);
    const message = updateRecordMessage({ bundle: 'b-chunked' });
    const result = await rig.client.send({ to: ADDRESS, workflowId: WORKFLOW.updateRecord, body: JSON.stringify(message) });
    expect(result.chunks).toBeGreaterThan(1);
    const [inf] = await acks(1);
    expect(inf?.ack).toMatchObject({ code: '20013', messageHeaderId: 'mh-b-chunked' });
  });

  it('in learn-from-payload mode routes an unknown patient to the practice the message names', async () => {
    await rig.send(updateRecordMessage({ bundle: 'b-1', practiceOds: 'B82002' }));
    const [inf] = await acks(1);
    expect(inf?.ack).toMatchObject({ code: '20013', responderOds: 'B82002' });
    expect(((await rig.admin('GET', '/admin/nhs/pds')).json as { byPractice: Record<string, number> }).byPractice).toEqual({ B82002: 1 });
  });
});

describe('simulated GP system: slow acknowledgements', () => {
  it('holds a slow infrastructure ack back until its delay passes', async () => {
    await registerPatient(rig);
    await rig.admin('PUT', `/admin/nhs/practices/${PRACTICE}`, { infAckDelayMs: 600_000 });
    await rig.send(updateRecordMessage({ bundle: 'b-slow' }));
    const overview = (await rig.admin('GET', '/admin/nhs')).json as { pendingTimers: number };
    expect(overview.pendingTimers).toBe(1);
    expect((await rig.practice()).receipts).toEqual([]);
    expect(await rig.client.listInbox()).toEqual([]);
  });
});
