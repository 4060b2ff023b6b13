/** STU3 OperationOutcome shapes the simulator answers with (the same ones a GP-side FHIR endpoint would). */
export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

export interface OperationOutcomeIssue {
  severity: IssueSeverity;
  code: string;
  diagnostics?: string;
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

export function operationOutcome(...issue: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue };
}

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Accepted, first time seen. */
export const acceptedOutcome = (): OperationOutcome => operationOutcome({ severity: 'information', code: 'informational', diagnostics: 'Message accepted' });

/**
 * The duplicate contract (documented in the delivery README too): a message whose Bundle.identifier
 * was already received is not processed again and is answered either 200 or 409, each with an
 * OperationOutcome issue of code `duplicate` (severity information on 200, error on 409). The sender
 * treats both as "already delivered".
 */
export const duplicateOutcome = (severity: 'information' | 'error'): OperationOutcome =>
  operationOutcome({ severity, code: 'duplicate', diagnostics: 'Duplicate of a message already received; not processed again' });
