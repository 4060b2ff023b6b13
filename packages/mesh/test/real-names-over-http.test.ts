import { afterEach, describe, expect, it } from 'vitest';
import { createMeshClient } from '../src/client';
import { gpProviderAddress } from '../src/gpprovider-address';
import { updateRecordSubject } from '../src/update-record-subject';
import { startLoopbackServer, v2Json } from './loopback-server';

// Issue #18, as reported: consultations for these patients were accepted and then every MESH
// upload failed inside Node ("MESH upload failed"), because U+2019, U+0141, U+1EC5 or DEL reached
// an HTTP header (mex-To carries the surname, mex-Subject the name and the pharmacy's name).
// Through the real node:http transport, so Node itself judges the headers.
const credentials = { mailboxId: 'X26FS001', password: 'pw', sharedKey: 'TestKey' };
const VISIBLE_ASCII = /^[\x20-\x7e]*$/;

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

const cases = [
  { given: 'Siobhán', family: 'O’Sullivan', pharmacy: 'O’Sullivan’s Chemist', address: "GPPROVIDER_9000000009_09011955_O'SULLIVAN" },
  { given: 'Wojciech', family: 'Łukasiewicz', pharmacy: 'Apteka Łódź', address: 'GPPROVIDER_9000000009_09011955_LUKASIEWICZ' },
  { given: 'Thị', family: 'Nguyễn', pharmacy: 'Phở & Pills\u007f Pharmacy', address: 'GPPROVIDER_9000000009_09011955_NGUYEN' },
];

describe('MESH upload for names real patients have (issue #18)', () => {
  it.each(cases)('uploads the message for $family, with every header visible ASCII', async ({ given, family, pharmacy, address }) => {
    const server = await startLoopbackServer(() => v2Json({ message_id: 'M1' }, 202));
    const client = createMeshClient({ baseUrl: server.baseUrl, credentials, timeoutMs: 2_000 });
    closers.push(async () => {
      client.close();
      await server.close();
    });

    const to = gpProviderAddress({ nhsNumber: '9000000009', birthDate: '1955-01-09', surname: family });
    const subject = updateRecordSubject({
      payloadTitle: `${pharmacy} - Pharmacy First service`,
      patientName: `${given} ${family}`,
      nhsNumber: '9000000009',
      practiceName: pharmacy,
      practiceOds: 'FXA01',
      version: 1,
    });
    await expect(client.send({ to, workflowId: 'GPCONNECT_UPDATE_RECORD', body: '{}', subject, localId: 'b-1', fileName: 'b-1.json' })).resolves.toEqual({
      messageId: 'M1',
      chunks: 1,
    });

    const headers = server.requests[0]?.headers ?? {};
    expect(headers['mex-to']).toBe(address);
    for (const [name, value] of Object.entries(headers)) expect({ name, value: String(value) }).toEqual({ name, value: expect.stringMatching(VISIBLE_ASCII) });
    expect(headers['mex-subject']).toContain(family.normalize('NFKD').replace(/\p{M}/gu, '').replace('’', "'").replace('Ł', 'L'));
  });
});
