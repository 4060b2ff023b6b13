import { type OperationOutcome, operationOutcome } from './operation-outcome';

export interface ValidationIssue {
  severity: 'error' | 'warning' | 'information';
  path: string;
  code: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: readonly ValidationIssue[];
}

/** How the simulated GP endpoint decides whether a message is acceptable (an infrastructure check). */
export type MessageValidator = (bundle: unknown) => ValidationResult;

function issue(path: string, code: string, message: string): ValidationIssue {
  return { severity: 'error', path, code, message };
}

/**
 * The envelope checks every ITK3 receiver applies before it looks at content: a message Bundle with
 * an identifier (the deduplication key) whose first entry is the MessageHeader. Profile validation
 * of the content is the Update Record validator's job; this one is the fallback when it is not wired.
 */
export const validateMessageEnvelope: MessageValidator = (bundle) => {
  const issues: ValidationIssue[] = [];
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) {
    return { valid: false, issues: [issue('(body)', 'structure', 'body is not a FHIR resource')] };
  }
  const resource = bundle as Record<string, unknown>;
  if (resource.resourceType !== 'Bundle') issues.push(issue('resourceType', 'structure', 'must be Bundle'));
  if (resource.type !== 'message') issues.push(issue('Bundle.type', 'value', 'must be message'));
  const identifier = resource.identifier as { value?: unknown } | undefined;
  if (typeof identifier?.value !== 'string' || identifier.value.length === 0) issues.push(issue('Bundle.identifier.value', 'required', 'is required'));
  const entry = Array.isArray(resource.entry) ? (resource.entry as { resource?: { resourceType?: unknown } }[]) : [];
  if (entry[0]?.resource?.resourceType !== 'MessageHeader') issues.push(issue('Bundle.entry[0]', 'structure', 'must be the MessageHeader'));
  return { valid: issues.length === 0, issues };
};

/** The 422 body: every error, by path and rule (validators never echo patient data in messages). */
export function validationOutcome(issues: readonly ValidationIssue[]): OperationOutcome {
  const errors = issues.filter((i) => i.severity === 'error');
  return operationOutcome(
    ...errors.slice(0, 50).map((i) => ({ severity: 'error' as const, code: 'invalid', diagnostics: `${i.path}: ${i.message}`, expression: [i.path] })),
  );
}
