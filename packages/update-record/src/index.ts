// Public API of @firstsync/update-record: pure GP Connect Update Record (ITK3, FHIR STU3) building
// and validation. No I/O here; the fhir-mapper service does the Kafka side.
export {
  buildUpdateRecordMessage,
  type BuildUpdateRecordOptions,
  type BuiltUpdateRecordMessage,
  type UpdateRecordIdentifiers,
} from './build-message';
export {
  UpdateRecordBuildError,
  ConsentNotGivenError,
  InvalidBuildOptionsError,
  type UpdateRecordBuildErrorCode,
} from './build-errors';
export { shouldShareWithGp } from './share-consent';
export { validateUpdateRecordMessage } from './validate/validate-message';
export type { ValidationIssue, ValidationResult } from './validate/issues';
export { toOperationOutcome } from './operation-outcome';
export { PROFILE, SYSTEM, EXTENSION, UPDATE_RECORD_PROFILES, MESSAGE_DEFINITION_PLACEHOLDER } from './profiles';
export { resourceId, documentIdentifierFor, FIRSTSYNC_UPDATE_RECORD_NAMESPACE } from './resource-ids';
export { uuidV5, isUuid } from './uuid-v5';
export { isFhirInstant, isFhirDateTime, isFhirDate } from './fhir-datetime';
export * as codes from './codes';
export type * from './fhir-stu3';
export * from './itk-ack';
