// Public API of @firstsync/contracts. Fixtures and arbitraries are separate entry points
// ('./fixtures', './arbitraries') so production code never loads test data or fast-check.

export { isValidNhsNumber, normaliseNhsNumber, nhsNumberSchema } from './nhs-number';
export { isPharmacyOdsCode, isGpPracticeOdsCode, pharmacyOdsCodeSchema, gpPracticeOdsCodeSchema } from './ods';
export { snomedIdSchema } from './snomed';
export { type Clock, systemClock } from './clock';
export { instantSchema, calendarDateOfInstant } from './instant';
export { calendarDateSchema, englandDateOf } from './calendar-date';
export { ukPostcodeSchema, canonicalPostcode } from './postcode';
export { hasLatinLetter, transliterateToAscii } from './latin-fold';
export { ageInYearsOn } from './age';
export { genders, EARLIEST_BIRTH_DATE } from './patient';
export { clinicianRoles } from './clinician';
export {
  pharmacyFirstElements,
  pharmacyFirstPathways,
  type PharmacyFirst,
  type PharmacyFirstPathway,
} from './pharmacy-first';
export {
  observationSchema,
  observationKinds,
  bloodPressureMethods,
  pregnancyStatuses,
  type Observation,
  type ObservationKind,
} from './observation';
export { medicineSuppliedSchema, supplyTypes, medicineStatuses, type MedicineSupplied } from './medicine';
export { notesSchema, type ConsultationNotes } from './notes';
export {
  createConsultationSchema,
  consultationSchema,
  services,
  referralSources,
  outcomes,
  CONSULTATION_MAX_BODY_BYTES,
  type ConsultationSchemaOptions,
  type Consultation,
  type ConsultationInput,
  type Service,
  type Outcome,
  type Patient,
  type Clinician,
  type Referral,
} from './consultation';
export { consultationWarningSchema, type ConsultationWarning } from './consultation-warning';
export { eligibilityWarnings, eligibilityWarningCodes, type EligibilityWarningCode } from './eligibility';
export {
  createConsultationEventSchema,
  consultationEventSchema,
  CONSULTATIONS_TOPIC,
  type ConsultationEvent,
} from './consultation-event';
export {
  problemSchema,
  problemErrorSchema,
  zodIssuesToProblemErrors,
  problemErrorPath,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type ProblemError,
} from './problem';
export { toJsonSchema, type ToJsonSchemaOptions } from './json-schema';
export { brokenTextRule, TEXT_PATTERNS, TEXT_RULE_MESSAGES, type TextLines, type TextRule } from './text-rules';
export { singleLineText, multiLineText } from './text';

// Written by the lead in this folder.
export * from './pipeline-events';
export * from './ops-commands';
export * from './gp-message';
