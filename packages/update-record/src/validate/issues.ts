/**
 * One problem found in a message. `path` is a FHIRPath-like location (e.g.
 * `Bundle.entry[2].resource.entry[5].resource.code`), `code` an STU3 issue-type code where one
 * fits. Messages name rules and expected values only, never the values found, so an issue can be
 * logged or dead-lettered without leaking patient data.
 */
export interface ValidationIssue {
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface ValidationResult {
  /** true when there is no error (warnings do not block sending). */
  readonly valid: boolean;
  readonly issues: readonly ValidationIssue[];
}

export class IssueList {
  readonly issues: ValidationIssue[] = [];

  error(path: string, code: string, message: string): void {
    this.issues.push({ severity: 'error', path, code, message });
  }

  warning(path: string, code: string, message: string): void {
    this.issues.push({ severity: 'warning', path, code, message });
  }
}
