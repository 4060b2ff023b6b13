// Public API of @firstsync/update-record: pure GP Connect Update Record (ITK3, FHIR STU3) building
// and validation. No I/O here; the fhir-mapper service does the Kafka side.

export {
  ConsentNotGivenError,
  InvalidBuildOptionsError,
  UpdateRecordBuildError,
  type UpdateRecordBuildErrorCode,
} from './build-errors';
export {
  type BuildUpdateRecordOptions,
  type BuiltUpdateRecordMessage,
  buildUpdateRecordMessage,
  type UpdateRecordIdentifiers,
} from './build-message';
export * as codes from './codes';
export { isFhirDate, isFhirDateTime, isFhirInstant } from './fhir-datetime';
export type * from './fhir-stu3';
export * from './itk-ack';
export { toOperationOutcome } from './operation-outcome';
export { EXTENSION, MESSAGE_DEFINITION_PLACEHOLDER, PROFILE, SYSTEM, UPDATE_RECORD_PROFILES } from './profiles';
export { documentIdentifierFor, FIRSTSYNC_UPDATE_RECORD_NAMESPACE, resourceId } from './resource-ids';
export { shouldShareWithGp } from './share-consent';
export { isUuid, uuidV5 } from './uuid-v5';
export type { ValidationIssue, ValidationResult } from './validate/issues';
export { validateUpdateRecordMessage } from './validate/validate-message';
