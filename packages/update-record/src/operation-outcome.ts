import type { OperationOutcomeIssue, StandaloneOperationOutcome } from './fhir-stu3';
import type { ValidationIssue } from './validate/issues';

/** STU3 issue-type codes (required binding): anything else is carried in details.text instead. */
const ISSUE_TYPES: ReadonlySet<string> = new Set([
  'invalid',
  'structure',
  'required',
  'value',
  'invariant',
  'security',
  'login',
  'unknown',
  'expired',
  'forbidden',
  'suppressed',
  'processing',
  'not-supported',
  'duplicate',
  'not-found',
  'too-long',
  'code-invalid',
  'extension',
  'too-costly',
  'business-rule',
  'conflict',
  'incomplete',
  'transient',
  'lock-error',
  'no-store',
  'exception',
  'timeout',
  'throttled',
  'informational',
]);

function toIssue(issue: ValidationIssue): OperationOutcomeIssue {
  const known = ISSUE_TYPES.has(issue.code);
  const result: OperationOutcomeIssue = {
    severity: issue.severity,
    code: known ? issue.code : 'invalid',
    diagnostics: issue.message,
    expression: [issue.path],
  };
  // Keep a non-FHIR code (e.g. a zod issue code) readable rather than dropping it.
  if (!known) result.details = { text: issue.code };
  return result;
}

/**
 * An STU3 OperationOutcome naming every issue, for the mapping dead letter. Issue messages
 * never contain patient data (see ValidationIssue), so this can be stored and shown to operators.
 * OperationOutcome.issue is 1..*, so an empty list becomes one informational issue.
 */
export function toOperationOutcome(issues: readonly ValidationIssue[]): StandaloneOperationOutcome {
  if (issues.length === 0) {
    return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'no issues' }] };
  }
  return { resourceType: 'OperationOutcome', issue: issues.map(toIssue) };
}
