// Public API of @firstsync/contracts. Fixtures and arbitraries are separate entry points
// ('./fixtures', './arbitraries') so production code never loads test data or fast-check.

export { type AcceptanceGate, type BatchGate, createAcceptanceGate, GATE_MEMORY } from './acceptance-gate';
export { type AcceptanceDecision, type AcceptedVersion, decideAcceptance, type Submission } from './acceptance-rule';
export { ageInYearsOn } from './age';
export { calendarDateSchema } from './calendar-date';
export { clinicianRoles } from './clinician';
export { type Clock, systemClock } from './clock';
export {
  type Clinician,
  CONSULTATION_MAX_BODY_BYTES,
  type Consultation,
  type ConsultationInput,
  type ConsultationSchemaOptions,
  consultationSchema,
  createConsultationSchema,
  type Outcome,
  outcomes,
  type Patient,
  type Referral,
  referralSources,
  type Service,
  services,
} from './consultation';
export {
  CONSULTATIONS_TOPIC,
  type ConsultationEvent,
  consultationEventSchema,
  createConsultationEventSchema,
} from './consultation-event';
export { canonicalJson, consultationFingerprint } from './consultation-fingerprint';
export { type ConsultationWarning, consultationWarningSchema } from './consultation-warning';
export {
  type DeliveryAttempt,
  type DeliveryDeadLetter,
  type DeliveryDeadLetterDisposition,
  type DeliveryParked,
  deliveryAttemptSchema,
  deliveryDeadLetterDispositions,
  deliveryDeadLetterSchema,
  deliveryParkedSchema,
  type MappingDeadLetter,
  type MappingFailureReason,
  mappingDeadLetterSchema,
  mappingFailureReasons,
  recordSourceSchema,
} from './dead-letters';
export { type EligibilityWarningCode, eligibilityWarningCodes, eligibilityWarnings } from './eligibility';
export * from './gp-message';
export { calendarDateOfInstant, instantSchema } from './instant';
export { type ToJsonSchemaOptions, toJsonSchema } from './json-schema';
export { hasLatinLetter, transliterateToAscii } from './latin-fold';
export { englandDateOf, londonDayStartMs, londonOffsetMinutes } from './london-clock';
export { type MedicineSupplied, medicineStatuses, medicineSuppliedSchema, supplyTypes } from './medicine';
export { EMERGENCY_SUPPLY_MAX_DAYS, medicineWarningCodes, medicineWarnings } from './medicine-plausibility';
export { isValidNhsNumber, nhsNumberSchema, normaliseNhsNumber } from './nhs-number';
export { type ConsultationNotes, notesSchema } from './notes';
export {
  bloodPressureMethods,
  type Observation,
  type ObservationKind,
  observationKinds,
  observationSchema,
  pregnancyStatuses,
} from './observation';
export { NEWS2_EXTREMES, observationWarningCodes, observationWarnings, SEVERE_HYPERTENSION } from './observation-plausibility';
export {
  gpPracticeOdsCodeSchema,
  icbCodeSchema,
  isGpPracticeOdsCode,
  isPharmacyOdsCode,
  pcnCodeSchema,
  pharmacyOdsCodeSchema,
  subIcbCodeSchema,
} from './ods';
export * from './ops-commands';
export * from './outcome-facts';
export { EARLIEST_BIRTH_DATE, genders } from './patient';
export * from './pharmacy-events';
export {
  type PharmacyFirst,
  type PharmacyFirstPathway,
  pharmacyFirstElements,
  pharmacyFirstPathways,
} from './pharmacy-first';
// Written by the lead in this folder.
export * from './pipeline-events';
export { CONSULTATION_WARNING_TITLES, type ConsultationWarningCode, consultationWarningCodes, consultationWarnings } from './plausibility';
export { canonicalPostcode, ukPostcodeSchema } from './postcode';
export { PREGNANCY_PLAUSIBLE_AGE, PREGNANCY_USUAL_AGE, pregnancyRefusals, pregnancyWarningCodes, pregnancyWarnings } from './pregnancy-plausibility';
export {
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type ProblemError,
  problemErrorPath,
  problemErrorSchema,
  problemSchema,
  zodIssuesToProblemErrors,
} from './problem';
export { brokenSnomedIdRule, SNOMED_ID_RULES, type SnomedIdRule, snomedIdSchema } from './snomed';
export { multiLineText, singleLineText } from './text';
export { brokenTextRule, TEXT_PATTERNS, TEXT_RULE_MESSAGES, type TextLines, type TextRule } from './text-rules';
export { hasValidVerhoeffCheckDigit, verhoeffCheckDigit } from './verhoeff';
export * from './webhook-endpoints';
