import { randomUUID } from 'node:crypto';
import type { GpMessage } from '@firstsync/contracts';

/**
 * The smallest gp-messages.v1 value the delivery consumer and the simulated GP endpoint accept: a
 * valid GpMessage whose bundle is an ITK3 message envelope (Bundle type message with an identifier,
 * MessageHeader first) plus the Patient. Patient identifiers are synthetic (a test-range NHS number).
 */
export function minimalGpMessage(fields: {
  consultationId?: string;
  practiceOds: string;
  pharmacyOds?: string;
  nhsNumber?: string;
  surname?: string;
  given?: string;
  builtAt?: string;
  note?: string;
}): GpMessage {
  const consultationId = fields.consultationId ?? randomUUID();
  const nhsNumber = fields.nhsNumber ?? '9990001234';
  const surname = fields.surname ?? 'TESTPATIENT';
  const bundleIdentifier = randomUUID();
  const messageHeaderId = randomUUID();
  return {
    consultationId,
    version: 1,
    correlationId: `corr-${consultationId}`,
    practiceOds: fields.practiceOds,
    pharmacyOds: fields.pharmacyOds ?? 'FA123',
    service: 'pharmacy-first',
    builtAt: fields.builtAt ?? new Date().toISOString(),
    identifiers: { bundleIdentifier, messageHeaderId, documentIdentifier: randomUUID(), senderReference: `urn:uuid:${randomUUID()}` },
    meshRouting: { nhsNumber, birthDate: '1980-01-01', surname },
    bundle: {
      resourceType: 'Bundle',
      id: bundleIdentifier,
      type: 'message',
      identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: bundleIdentifier },
      entry: [
        { fullUrl: `urn:uuid:${messageHeaderId}`, resource: { resourceType: 'MessageHeader', id: messageHeaderId } },
        {
          fullUrl: `urn:uuid:${consultationId}`,
          resource: {
            resourceType: 'Patient',
            identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber }],
            name: [{ use: 'official', family: surname, given: [fields.given ?? 'TESTGIVEN'] }],
            birthDate: '1980-01-01',
            generalPractitioner: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: fields.practiceOds } }],
          },
        },
        // A pharmacist's free-text note, as the mapper files each note heading (ClinicalImpression).
        ...(fields.note
          ? [{ fullUrl: `urn:uuid:${randomUUID()}`, resource: { resourceType: 'ClinicalImpression', status: 'completed', summary: fields.note } }]
          : []),
      ],
    },
  };
}
