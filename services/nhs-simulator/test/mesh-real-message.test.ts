import { createConsultationSchema } from '@firstsync/contracts';
import { FIXTURE_NOW, fixtures } from '@firstsync/contracts/fixtures';
import { gpProviderAddress, updateRecordSubject, WORKFLOW } from '@firstsync/mesh';
import { defined } from '@firstsync/testkit/defined';
import { buildUpdateRecordMessage, parseItkAck, validateUpdateRecordMessage } from '@firstsync/update-record';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Rig, startRig } from './mesh-rig';

// A message built by the real Update Record builder, checked by the GP systems with the real
// validator, routed by PDS learning from the payload (the default for demos).
const schema = createConsultationSchema({ now: () => FIXTURE_NOW });
const consultation = schema.parse(fixtures.sinusitis);
const practiceOds = consultation.patient.registeredPractice?.odsCode ?? '';
const address = gpProviderAddress({
  nhsNumber: consultation.patient.nhsNumber,
  birthDate: consultation.patient.birthDate,
  surname: consultation.patient.name.family,
});

let rig: Rig;
beforeEach(async () => {
  rig = await startRig({ validate: (bundle) => ({ valid: validateUpdateRecordMessage(bundle).valid, issues: [] }) });
});
afterEach(async () => {
  await rig.close();
});

async function sendVersion(version: number) {
  const built = buildUpdateRecordMessage({ ...consultation, version }, { builtAt: '2026-03-10T18:00:00Z', senderMeshMailbox: 'X26FS001' });
  await rig.client.send({
    to: address,
    workflowId: WORKFLOW.updateRecord,
    body: JSON.stringify(built.bundle),
    localId: consultation.pharmacy.odsCode,
    subject: updateRecordSubject({
      payloadTitle: 'Pharmacy First',
      patientName: 'test',
      nhsNumber: consultation.patient.nhsNumber,
      practiceName: 'practice',
      practiceOds,
      version,
    }),
  });
  return built.identifiers;
}

describe('a real Update Record message through the simulated MESH and GP system', () => {
  it('is accepted (20013) with the ack correlating to its MessageHeader id and SenderReference', async () => {
    expect(practiceOds).not.toBe('');
    const identifiers = await sendVersion(1);
    const id = defined((await rig.waitForInbox(1))[0], 'an ack in the inbox');
    const ack = parseItkAck((await rig.client.download(id)).body);
    expect(ack).toMatchObject({
      code: '20013',
      messageHeaderId: identifiers.messageHeaderId,
      senderReference: identifiers.senderReference,
      responderOds: practiceOds,
    });
    const practice = await rig.practice(practiceOds);
    expect(practice.tasks[0]).toMatchObject({ bundleIdentifier: identifiers.bundleIdentifier, status: 'awaiting-filing', replaces: null });
  });

  it('shows an amendment (version 2) as a replacement of the first summary', async () => {
    const first = await sendVersion(1);
    await rig.waitForInbox(1);
    await sendVersion(2);
    const ids = await rig.waitForInbox(2);
    const codes = await Promise.all(ids.map(async (id) => parseItkAck((await rig.client.download(id)).body).code));
    expect(codes).toEqual(['20013', '20013']);
    const tasks = (await rig.practice(practiceOds)).tasks;
    expect(tasks).toHaveLength(2);
    expect(tasks[1]?.replaces).toBe(first.documentIdentifier);
    expect(await (await fetch(`${rig.baseUrl}/gp/${practiceOds}/inbox`)).text()).toContain('Replaces an earlier summary');
  });
});
