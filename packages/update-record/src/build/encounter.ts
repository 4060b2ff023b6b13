import { ENCOUNTER_REASONS, ENCOUNTER_TYPE, PARTICIPANT_RECORDER } from '../codes';
import type { Encounter, Period } from '../fhir-stu3';
import { PROFILE, SYSTEM } from '../profiles';
import type { BuildContext } from './context';
import { coding, meta, snomedConcept, uuidIdentifier } from './datatypes';

/**
 * The consultation. Its identifier is the pharmacy's consultationId, which is stable across
 * versions, so a GP system can tie a replacement to the encounter it corrects.
 */
export function buildEncounter(context: BuildContext): Encounter {
  const { consultation } = context;
  const period: Period = { start: consultation.startedAt };
  if (consultation.endedAt !== undefined) period.end = consultation.endedAt;
  return {
    resourceType: 'Encounter',
    id: context.ids.encounter,
    meta: meta(PROFILE.encounter),
    identifier: [uuidIdentifier(consultation.consultationId)],
    status: 'finished',
    type: [snomedConcept(ENCOUNTER_TYPE)],
    subject: context.refs.patient,
    participant: [
      {
        type: [{ coding: [coding(SYSTEM.participantType, PARTICIPANT_RECORDER)], text: PARTICIPANT_RECORDER.display }],
        individual: context.refs.practitioner,
      },
    ],
    period,
    reason: [snomedConcept(ENCOUNTER_REASONS[consultation.service])],
    serviceProvider: context.refs.pharmacy,
  };
}
