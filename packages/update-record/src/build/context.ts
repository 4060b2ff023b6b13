import type { Consultation } from '@firstsync/contracts';
import type { Reference } from '../fhir-stu3';
import { type ResourceRole, resourceIdsFor } from '../resource-ids';
import { referenceTo } from './datatypes';
import { fhirSafeConsultation } from './fhir-safe-input';

/** What every resource builder needs: the consultation, deterministic ids and shared references. */
export interface BuildContext {
  readonly consultation: Consultation;
  readonly idFor: (role: ResourceRole) => string;
  readonly ids: {
    readonly patient: string;
    readonly pharmacy: string;
    readonly practitioner: string;
    readonly practitionerRole: string;
    readonly encounter: string;
  };
  readonly refs: {
    readonly patient: Reference;
    readonly pharmacy: Reference;
    readonly practitioner: Reference;
    readonly encounter: Reference;
  };
  /**
   * When the record was completed: the consultation's end, else its start. Used for every
   * "recorded/issued" time so the clinical content never depends on when we happened to build it.
   */
  readonly recordedAt: string;
}

export function createBuildContext(input: Consultation): BuildContext {
  const consultation = fhirSafeConsultation(input);
  const idFor = resourceIdsFor(consultation.consultationId, consultation.version);
  const ids = {
    patient: idFor('patient'),
    pharmacy: idFor('pharmacy-organization'),
    practitioner: idFor('practitioner'),
    practitionerRole: idFor('practitioner-role'),
    encounter: idFor('encounter'),
  };
  return {
    consultation,
    idFor,
    ids,
    refs: {
      patient: referenceTo(ids.patient),
      pharmacy: referenceTo(ids.pharmacy),
      practitioner: referenceTo(ids.practitioner),
      encounter: referenceTo(ids.encounter),
    },
    recordedAt: consultation.endedAt ?? consultation.startedAt,
  };
}
