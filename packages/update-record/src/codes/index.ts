// Terminology used by the Update Record message, grouped by topic.
export type { Concept } from './concept';
export { SERVICE_CODES, ENCOUNTER_TYPE } from './services';
export { PATHWAY_DEFAULT_CONDITIONS } from './pathways';
export { HEADING, NOTE_HEADINGS, UPDATE_RECORD_HEADING_CODES } from './record-headings';
export { UCUM, ACCEPTED_UCUM_CODES, type UcumUnit } from './ucum';
export {
  BLOOD_PRESSURE_TRIPLETS,
  VALID_BLOOD_PRESSURE_TRIPLETS,
  HEART_RATE,
  PULSE_IRREGULAR,
  TEMPERATURE,
  BODY_HEIGHT,
  SELF_REPORTED_HEIGHT,
  BODY_WEIGHT,
  SELF_REPORTED_WEIGHT,
  BODY_MASS_INDEX,
  PREGNANCY_STATUS,
  PROCEDURE_FINDING_CODES,
  EXPECTED_UNIT_BY_CODE,
  OBSERVATION_CATEGORY,
  type BloodPressureTriplet,
  type MeasuredConcept,
} from './observations';
export { SUPPLY_TYPES, DISPENSE_CATEGORY_COMMUNITY, DISPENSE_STATUS, STU3_DISPENSE_STATUSES } from './medication';
export { JOB_ROLES, type JobRole } from './job-roles';
export {
  NHS_NUMBER_VERIFIED,
  NHS_NUMBER_NOT_TRACED,
  NHS_NUMBER_VERIFICATION_CODES,
  PARTICIPANT_RECORDER,
} from './patient-identity';
export {
  ITK_EVENT,
  RECIPIENT_TYPE,
  ITK_RESPONSE_CODES,
  type ItkResponseCode,
  type ItkResponseLevel,
  type ItkIssueType,
} from './itk';
