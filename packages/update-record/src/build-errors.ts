/**
 * Typed build failures, so callers can tell "we must not send this" from "our inputs are wrong"
 * without parsing messages. Messages name fields, never patient data.
 */
export type UpdateRecordBuildErrorCode = 'consent-not-given' | 'invalid-build-options';

export class UpdateRecordBuildError extends Error {
  readonly code: UpdateRecordBuildErrorCode;

  constructor(code: UpdateRecordBuildErrorCode, message: string) {
    super(message);
    this.name = 'UpdateRecordBuildError';
    this.code = code;
  }
}

/** The patient did not consent to share with the GP: nothing may be built, let alone sent. */
export class ConsentNotGivenError extends UpdateRecordBuildError {
  constructor() {
    super('consent-not-given', 'consentToShareWithGp is false: no GP message may be built for this consultation');
    this.name = 'ConsentNotGivenError';
  }
}

export class InvalidBuildOptionsError extends UpdateRecordBuildError {
  constructor(message: string) {
    super('invalid-build-options', message);
    this.name = 'InvalidBuildOptionsError';
  }
}
