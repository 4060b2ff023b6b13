import { type AcceptanceDecision, decideAcceptance, type Submission } from '@firstsync/contracts';
import type { AcceptedRecord } from './store';

export type { Submission };
export type Decision = AcceptanceDecision<AcceptedRecord>;

/** The contract's acceptance rule (@firstsync/contracts acceptance-rule) over ingest's stored records. */
export function decide(latest: AcceptedRecord | undefined, submission: Submission): Decision {
  return decideAcceptance(latest, submission);
}
