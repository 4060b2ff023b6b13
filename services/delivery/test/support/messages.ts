import { randomUUID } from 'node:crypto';
import { type Consultation, createConsultationSchema, type GpMessage, type OpsCommand } from '@firstsync/contracts';
import { FIXTURE_NOW, fixtures, randomTestNhsNumber } from '@firstsync/contracts/fixtures';
import { buildUpdateRecordMessage } from '@firstsync/update-record';

const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

/**
 * A GpMessage whose bundle is a minimal ITK3 envelope (what the simulator's default validator
 * checks), with the patient's practice in it. Fresh identifiers every call; never real patient data.
 */
export function gpMessage(practiceOds: string): GpMessage {
  const consultationId = randomUUID();
  const identifiers = { bundleIdentifier: randomUUID(), messageHeaderId: randomUUID(), documentIdentifier: randomUUID(), senderReference: randomUUID() };
  return {
    consultationId,
    version: 1,
    correlationId: `corr-${consultationId}`,
    practiceOds,
    pharmacyOds: 'FXA01',
    service: 'pharmacy-first',
    builtAt: new Date().toISOString(),
    identifiers,
    meshRouting: { nhsNumber: '9000000009', birthDate: '1980-01-01', surname: 'Testperson' },
    bundle: {
      resourceType: 'Bundle',
      type: 'message',
      identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: identifiers.bundleIdentifier },
      entry: [
        { fullUrl: `urn:uuid:${identifiers.messageHeaderId}`, resource: { resourceType: 'MessageHeader', id: identifiers.messageHeaderId } },
        {
          fullUrl: `urn:uuid:${identifiers.documentIdentifier}`,
          resource: {
            resourceType: 'Bundle',
            type: 'document',
            entry: [
              { fullUrl: 'urn:uuid:patient', resource: { resourceType: 'Patient', generalPractitioner: [{ reference: 'urn:uuid:practice' }] } },
              { fullUrl: 'urn:uuid:practice', resource: { resourceType: 'Organization', identifier: [{ system: ODS_SYSTEM, value: practiceOds }] } },
            ],
          },
        },
      ],
    },
  };
}

/**
 * A real Update Record message for a parsed consultation, wrapped as the mapper does: what the
 * MESH and NHSmail paths need (a real bundle, MESH routing from the patient).
 */
export function builtGpMessage(
  consultation: Consultation,
  options: { builtAt?: string; senderMeshMailbox?: string; practiceOds?: string; correlationId?: string } = {},
): GpMessage {
  const builtAt = options.builtAt ?? new Date().toISOString();
  const built = buildUpdateRecordMessage(consultation, { builtAt, senderMeshMailbox: options.senderMeshMailbox ?? 'X26FS001' });
  return {
    consultationId: consultation.consultationId,
    version: consultation.version,
    correlationId: options.correlationId ?? `corr-${consultation.consultationId}`,
    practiceOds: options.practiceOds ?? consultation.patient.registeredPractice.odsCode,
    pharmacyOds: consultation.pharmacy.odsCode,
    service: consultation.service,
    builtAt,
    identifiers: built.identifiers,
    meshRouting: { nhsNumber: consultation.patient.nhsNumber, birthDate: consultation.patient.birthDate, surname: consultation.patient.name.family },
    bundle: built.bundle as unknown as Record<string, unknown>,
  };
}

/** A real message for a fresh patient (the UTI fixture) registered at `practiceOds`, as the MESH tests send it. */
export function realGpMessage(practiceOds: string, senderMeshMailbox: string): GpMessage {
  const source = fixtures.uncomplicatedUti;
  const patient = { ...source.patient, nhsNumber: randomTestNhsNumber(), registeredPractice: { odsCode: practiceOds } };
  const consultation = createConsultationSchema({ now: () => FIXTURE_NOW }).parse({ ...source, consultationId: randomUUID(), patient });
  return builtGpMessage(consultation, { senderMeshMailbox, practiceOds });
}

const base = () => ({ commandId: randomUUID(), requestedAt: new Date().toISOString(), requestedBy: 'ops.tester@example.nhs.uk', reason: 'integration test' });

export const command = {
  resend: (consultationId: string): OpsCommand => ({ ...base(), type: 'resend', consultationId }),
  resendSet: (consultationIds: string[]): OpsCommand => ({ ...base(), type: 'resend-set', consultationIds }),
  hold: (practiceOds: string): OpsCommand => ({ ...base(), type: 'hold-practice', practiceOds }),
  release: (practiceOds: string): OpsCommand => ({ ...base(), type: 'release-practice', practiceOds }),
};
