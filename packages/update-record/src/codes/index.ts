// Terminology used by the Update Record message, grouped by topic.
export type { Concept } from './concept';
export { ITK_EVENT, RECIPIENT_TYPE } from './itk';
export { JOB_ROLES, type JobRole } from './job-roles';
export { DISPENSE_CATEGORY_COMMUNITY, DISPENSE_STATUS, STU3_DISPENSE_STATUSES, SUPPLY_TYPES } from './medication';
export {
  BLOOD_PRESSURE_TRIPLETS,
  type BloodPressureTriplet,
  BODY_HEIGHT,
  BODY_MASS_INDEX,
  BODY_WEIGHT,
  EXPECTED_UNIT_BY_CODE,
  HEART_RATE,
  type MeasuredConcept,
  OBSERVATION_CATEGORY,
  PREGNANCY_STATUS,
  PROCEDURE_FINDING_CODES,
  PULSE_IRREGULAR,
  SELF_REPORTED_HEIGHT,
  SELF_REPORTED_WEIGHT,
  TEMPERATURE,
  VALID_BLOOD_PRESSURE_TRIPLETS,
} from './observations';
export { PATHWAY_DEFAULT_CONDITIONS } from './pathways';
export {
  NHS_NUMBER_NOT_TRACED,
  NHS_NUMBER_VERIFICATION_CODES,
  NHS_NUMBER_VERIFIED,
  PARTICIPANT_RECORDER,
} from './patient-identity';
export { HEADING, NOTE_HEADINGS, UPDATE_RECORD_HEADING_CODES } from './record-headings';
export { COMPOSITION_TYPES, ENCOUNTER_REASONS, ENCOUNTER_TYPE } from './services';
export { ACCEPTED_UCUM_CODES, UCUM, type UcumUnit } from './ucum';
