import { WORKFLOW } from '@firstsync/mesh';
import { defined } from '@firstsync/testkit/defined';
import { afterEach, describe, expect, it } from 'vitest';
import { PRACTICE, type Rig, registerPatient, startRig, updateRecordMessage } from './mesh-rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

interface Collected {
  bundleIdentifier: string | null;
  practiceOds: string;
  deliveredAt: string;
  collectedAt: string;
  infAckCode: string | null;
  infAckCollectedAt: string | null;
}

describe('GET /admin/nhs/received: what the GP systems collected over MESH, with times', () => {
  it('gives delivery and collection times per Bundle identifier, and when the sender collected the infrastructure ack', async () => {
    rig = await startRig();
    await registerPatient(rig);
    await rig.send(updateRecordMessage({ bundle: 'b-timeline' }));
    const ackId = defined((await rig.waitForInbox(1, WORKFLOW.updateRecordAck))[0], 'an ack in the inbox');

    const before = (await rig.admin('GET', '/admin/nhs/received')).json as { count: number; messages: Collected[] };
    expect(before.count).toBe(1);
    expect(before.messages[0]).toMatchObject({ bundleIdentifier: 'b-timeline', practiceOds: PRACTICE, infAckCode: '20013', infAckCollectedAt: null });
    const collected = defined(before.messages[0], 'a received message');
    expect(Date.parse(collected.collectedAt)).toBeGreaterThanOrEqual(Date.parse(collected.deliveredAt));
    expect(((await rig.admin('GET', '/admin/nhs')).json as { received: unknown }).received).toEqual({ messages: 1, infAcksCollected: 0 });

    await rig.client.download(ackId);
    await rig.client.acknowledge(ackId);
    const after = (await rig.admin('GET', `/admin/nhs/received?practiceOds=${PRACTICE}`)).json as { messages: Collected[] };
    expect(after.messages[0]?.infAckCollectedAt).not.toBeNull();
    expect(((await rig.admin('GET', '/admin/nhs')).json as { received: unknown }).received).toEqual({ messages: 1, infAcksCollected: 1 });
    expect((await rig.admin('GET', '/admin/nhs/received?practiceOds=Z99999')).json).toEqual({ count: 0, messages: [] });
    expect((await rig.admin('GET', '/admin/nhs/received?practiceOds=not-ods!')).status).toBe(400);
  });

  it('answers 410 for an acknowledged message whose body was let go, and still collects new ones', async () => {
    rig = await startRig({ keepBodies: 0 });
    await registerPatient(rig);
    await rig.send(updateRecordMessage({ bundle: 'b-1' }));
    const ackId = defined((await rig.waitForInbox(1, WORKFLOW.updateRecordAck))[0], 'an ack in the inbox');
    // The GP system read the Update Record before acknowledging it: its ack is a positive 20013.
    expect(((await rig.admin('GET', '/admin/nhs/received')).json as { messages: Collected[] }).messages[0]?.infAckCode).toBe('20013');
    await rig.client.download(ackId);
    await rig.client.acknowledge(ackId);
    await expect(rig.client.download(ackId)).rejects.toThrow();
  });
});
