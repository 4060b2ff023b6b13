import type { Outcome } from '@firstsync/contracts';
import type { OutcomeGroup } from './port';

/**
 * How the eight recorded outcomes group on the pages (the "supplied, advice only,
 * referred"): a medicine handed over or sold is supplied; advice with no supply (including "no
 * supply needed") is advice only; anything that sends the patient elsewhere (GP referral, urgent
 * escalation, signposting, another pharmacy service) is referred.
 */
export const OUTCOME_GROUP_OF: Readonly<Record<Outcome, OutcomeGroup>> = {
  'medicine-supplied': 'supplied',
  'otc-sale': 'supplied',
  'advice-only': 'advice-only',
  'no-supply': 'advice-only',
  'referred-to-gp': 'referred',
  'urgent-escalation': 'referred',
  signposted: 'referred',
  'referred-to-other-pharmacy-service': 'referred',
};
