import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MASK, maskPatient, NHS_NUMBER_SYSTEM } from '../src/messages/mask-patient';
import { MessageCache } from '../src/messages/message-cache';
import { minimalGpMessage } from './support/gp-message';

// Shaped like the Update Record message: a message Bundle carrying a document Bundle with the Patient.
const message = {
  resourceType: 'Bundle',
  type: 'message',
  identifier: { value: 'b6f1dee0-0000-4000-8000-000000000001' },
  entry: [
    { resource: { resourceType: 'MessageHeader', id: 'hdr' } },
    {
      resource: {
        resourceType: 'Bundle',
        type: 'document',
        entry: [
          { resource: { resourceType: 'Composition', title: 'Pharmacy First consultation', subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9990001234' } }, text: { div: '<div>Seen: Jo DEE (999 000 1234) for sore throat</div>' } } },
          {
            resource: {
              resourceType: 'Patient',
              id: 'pat',
              identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9990001234' }],
              name: [{ use: 'official', family: 'DEE', given: ['Jo', 'Alexandra'] }],
              gender: 'female',
              birthDate: '1980-01-01',
              address: [{ postalCode: 'LS1 4AP' }],
              generalPractitioner: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A81001' } }],
            },
          },
          { resource: { resourceType: 'Practitioner', id: 'dee-prac', name: [{ family: 'Pharmacist', given: ['Sam'] }] } },
        ],
      },
    },
  ],
};

describe('masking patient identifiers in a message', () => {
  it('masks the NHS number, names, birth date and address everywhere, including narrative text', () => {
    const masked = JSON.stringify(maskPatient(message));
    for (const secret of ['9990001234', '999 000 1234', 'DEE', 'Alexandra', '1980-01-01', 'LS1 4AP']) expect(masked).not.toContain(secret);
    expect(masked).toContain(`Seen: ${MASK} ${MASK} (${MASK}) for sore throat`);
  });

  it('keeps everything else: structure, ids that merely contain a surname, clinicians, the practice', () => {
    const masked = maskPatient(message) as typeof message;
    const text = JSON.stringify(masked);
    expect(masked.identifier.value).toBe('b6f1dee0-0000-4000-8000-000000000001');
    expect(text).toContain('"id":"dee-prac"');
    expect(text).toContain('"family":"Pharmacist"');
    expect(text).toContain('A81001');
    expect(text).toContain('"gender":"female"');
    expect(text).toContain('"use":"official"');
    expect(masked.entry).toHaveLength(2);
  });

  it('masks extra known identifiers (the routing ones) even when the Bundle does not name the patient', () => {
    const bare = { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Communication', payload: [{ contentString: 'Call Mx SMITHSON about 9990001234' }] } }] };
    expect(JSON.stringify(maskPatient(bare, ['9990001234', 'SMITHSON']))).toBe(JSON.stringify({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Communication', payload: [{ contentString: `Call Mx ${MASK} about ${MASK}` }] } }] }));
  });

  it('does not change its input', () => {
    const before = JSON.stringify(message);
    maskPatient(message);
    expect(JSON.stringify(message)).toBe(before);
  });
});

describe('message cache', () => {
  const text = (value: unknown) => JSON.stringify(value);

  it('keeps the latest version whatever the arrival order, and never prints its content', () => {
    const cache = new MessageCache(1_000_000);
    const v2 = { ...minimalGpMessage({ practiceOds: 'A81001' }), version: 2 };
    const v1 = { ...v2, version: 1 };
    expect(cache.remember(v2, text(v2))).toBe(true);
    expect(cache.remember(v1, text(v1))).toBe(false);
    expect(cache.get(v2.consultationId)?.version).toBe(2);
    expect(JSON.stringify({ cache })).not.toContain(v2.meshRouting.nhsNumber);
    expect(inspect(cache)).not.toContain(v2.meshRouting.nhsNumber);
  });

  it('drops the oldest messages once over its byte budget', () => {
    const messages = Array.from({ length: 3 }, () => minimalGpMessage({ practiceOds: 'A81001' }));
    const size = Buffer.byteLength(text(messages[0]));
    const cache = new MessageCache(size * 2 + 10);
    for (const m of messages) cache.remember(m, text(m));
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBeLessThanOrEqual(size * 2 + 10);
    expect(cache.get(messages[0]!.consultationId)).toBeUndefined();
    expect(cache.get(messages[2]!.consultationId)?.consultationId).toBe(messages[2]!.consultationId);
  });
});
