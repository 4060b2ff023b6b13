import type { CodeMeaning } from './code-meaning';

/** A MESH report status code: routing failures (EPL-15x) and delivery failures (14, 17). */
export interface MeshReportCode extends CodeMeaning {
  readonly code: string;
  /** Short name of the failure, as the MESH client classifies reports. */
  readonly kind: string;
  /** MESH's own wording (the NHS sandbox's constants). */
  readonly display: string;
}

// Every routing or collection failure leaves the structured route unable to deliver, so each one
// sends the summary by NHSmail (docs/mesh.md#reports-in-the-senders-inbox).
function report<const C extends string, const K extends string>(code: C, kind: K, display: string, meaning: string) {
  return { code, kind, display, verdict: 'needs-fallback', meaning } as const;
}

/**
 * MESH reports that reach the sender's inbox, by name. EPL-150..154 come from the PDS trace and
 * mailbox lookup behind a `GPPROVIDER_` address; 14 when the practice never collects; 17 when the
 * recipient mailbox is not registered for the workflow.
 */
export const MESH_REPORT = {
  multipleMailboxes: report('EPL-150', 'multiple-mailboxes', 'Multiple mailboxes matches', "several mailboxes matched the patient's practice"),
  noMailbox: report('EPL-151', 'no-mailbox', 'No mailbox matched', 'no mailbox for the practice and workflow (practice not on MESH for Update Record)'),
  invalidNhsNumber: report('EPL-152', 'invalid-nhs-number', 'Invalid NHS Number', 'invalid NHS number in the address'),
  nhsNumberNotFound: report('EPL-153', 'nhs-number-not-found', 'NHS Number not found', 'NHS number not found on PDS'),
  demographicsMismatch: report(
    'EPL-154',
    'demographics-mismatch',
    'NHS Number supplied does not match the demographics',
    'NHS number, birth date and surname do not match PDS',
  ),
  undelivered: report('14', 'undelivered', 'Message not collected by recipient after 5 days', 'not collected by the practice in time'),
  workflowNotRegistered: report('17', 'workflow-not-registered', 'Workflow ID not registered for mailbox', 'workflow not registered for the recipient mailbox'),
} as const satisfies Record<string, MeshReportCode>;

type MeshReportEntry = (typeof MESH_REPORT)[keyof typeof MESH_REPORT];
export type MeshReportStatusCode = MeshReportEntry['code'];
/** The routing failures MESH reports for a `GPPROVIDER_` address (EPL-150..154). */
export type MeshRoutingReportCode = Extract<MeshReportStatusCode, `EPL-${string}`>;
export type MeshReportKind = MeshReportEntry['kind'];

export const MESH_REPORT_CODES: ReadonlyMap<string, MeshReportEntry> = new Map(Object.values(MESH_REPORT).map((r) => [r.code, r] as const));

/** A failed MESH report: whatever the code, the structured route cannot deliver (unknown codes too). */
export function meshReportMeaning(statusCode: string | null): CodeMeaning {
  const known = statusCode === null ? undefined : MESH_REPORT_CODES.get(statusCode);
  return { verdict: 'needs-fallback', meaning: known?.meaning ?? 'MESH could not deliver the message' };
}
