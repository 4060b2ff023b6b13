import { parseGpProviderAddress } from '@firstsync/mesh';
import { type PdsPatient, tracePatient } from '../pds/pds-store';

export type RoutingReportCode = 'EPL-150' | 'EPL-151' | 'EPL-152' | 'EPL-153' | 'EPL-154';

export type RouteDecision =
  | { kind: 'deliver'; mailboxId: string; practiceOds: string | null }
  /** Accepted (202) but undeliverable: MESH puts an error report in the sender's inbox later. */
  | { kind: 'report'; code: RoutingReportCode; description: string }
  /** Refused on the send call itself. */
  | { kind: 'reject'; status: number; event: string; code: string; description: string };

export interface RoutingLookups {
  findPatient(nhsNumber: string): PdsPatient | undefined;
  /** Mailboxes registered for the practice and workflow (0, 1 or several). */
  practiceMailboxes(practiceOds: string, workflowId: string): string[];
  mailboxExists(mailboxId: string): boolean;
}

// Descriptions as MESH words them (mesh-sandbox constants); none carries patient data.
const DESCRIPTION: Record<RoutingReportCode, string> = {
  'EPL-150': 'Multiple mailboxes matches',
  'EPL-151': 'No mailbox matched',
  'EPL-152': 'Invalid NHS Number',
  'EPL-153': 'NHS Number not found',
  'EPL-154': 'NHS Number supplied does not match the demographics',
};

const report = (code: RoutingReportCode): RouteDecision => ({ kind: 'report', code, description: DESCRIPTION[code] });

/**
 * Where MESH sends a message: a mailbox id directly, or a `GPPROVIDER_` address through a PDS trace
 * to the registered practice's mailbox for the workflow (domain.md 1.1 step 4, 1.3).
 */
export function routeRecipient(to: string, workflowId: string, lookups: RoutingLookups): RouteDecision {
  const address = to.trim().toUpperCase();
  if (address.startsWith('GPPROVIDER_')) {
    const parsed = parseGpProviderAddress(address);
    if (!parsed) return report('EPL-152');
    const trace = tracePatient(parsed, lookups.findPatient);
    if (trace.outcome === 'invalid-nhs-number') return report('EPL-152');
    if (trace.outcome === 'not-found') return report('EPL-153');
    if (trace.outcome === 'demographics-mismatch') return report('EPL-154');
    const mailboxes = lookups.practiceMailboxes(trace.practiceOds, workflowId);
    const [mailboxId, ...others] = mailboxes;
    if (mailboxId === undefined) return report('EPL-151');
    if (others.length > 0) return report('EPL-150');
    return { kind: 'deliver', mailboxId, practiceOds: trace.practiceOds };
  }
  if (address.length === 0) return { kind: 'reject', status: 400, event: 'SEND', code: '08', description: 'TO_DTS missing' };
  if (!lookups.mailboxExists(address)) return { kind: 'reject', status: 417, event: 'SEND', code: '12', description: 'Unregistered to address' };
  return { kind: 'deliver', mailboxId: address, practiceOds: null };
}
