import { MESH_REPORT, type MeshRoutingReportCode } from '@firstsync/consultation-lifecycle';
import { parseGpProviderAddress } from '@firstsync/mesh';
import { type PdsPatient, tracePatient } from '../pds/pds-store';

export type RouteDecision =
  | { kind: 'deliver'; mailboxId: string; practiceOds: string | null }
  /** Accepted (202) but undeliverable: MESH puts an error report in the sender's inbox later. */
  | { kind: 'report'; code: MeshRoutingReportCode; description: string }
  /** Refused on the send call itself. */
  | { kind: 'reject'; status: number; event: string; code: string; description: string };

export interface RoutingLookups {
  findPatient(nhsNumber: string): PdsPatient | undefined;
  /** Mailboxes registered for the practice and workflow (0, 1 or several). */
  practiceMailboxes(practiceOds: string, workflowId: string): string[];
  mailboxExists(mailboxId: string): boolean;
}

// Descriptions as MESH words them (mesh-sandbox constants); none carries patient data.
const report = ({ code, display }: { code: MeshRoutingReportCode; display: string }): RouteDecision => ({ kind: 'report', code, description: display });

/**
 * Where MESH sends a message: a mailbox id directly, or a `GPPROVIDER_` address through a PDS trace
 * to the registered practice's mailbox for the workflow (docs/mesh.md#gpprovider-addressing).
 */
export function routeRecipient(to: string, workflowId: string, lookups: RoutingLookups): RouteDecision {
  const address = to.trim().toUpperCase();
  if (address.startsWith('GPPROVIDER_')) {
    const parsed = parseGpProviderAddress(address);
    if (!parsed) return report(MESH_REPORT.invalidNhsNumber);
    const trace = tracePatient(parsed, lookups.findPatient);
    if (trace.outcome === 'invalid-nhs-number') return report(MESH_REPORT.invalidNhsNumber);
    if (trace.outcome === 'not-found') return report(MESH_REPORT.nhsNumberNotFound);
    if (trace.outcome === 'demographics-mismatch') return report(MESH_REPORT.demographicsMismatch);
    const mailboxes = lookups.practiceMailboxes(trace.practiceOds, workflowId);
    const [mailboxId, ...others] = mailboxes;
    if (mailboxId === undefined) return report(MESH_REPORT.noMailbox);
    if (others.length > 0) return report(MESH_REPORT.multipleMailboxes);
    return { kind: 'deliver', mailboxId, practiceOds: trace.practiceOds };
  }
  if (address.length === 0) return { kind: 'reject', status: 400, event: 'SEND', code: '08', description: 'TO_DTS missing' };
  if (!lookups.mailboxExists(address)) return { kind: 'reject', status: 417, event: 'SEND', code: '12', description: 'Unregistered to address' };
  return { kind: 'deliver', mailboxId: address, practiceOds: null };
}
