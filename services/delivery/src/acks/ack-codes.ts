/**
 * What each ITK3 response code and MESH report means for the sender (domain.md 1.2, 1.3, 6).
 * `progress`: the message moves on and a further acknowledgement is due; the rest are final.
 */
export type AckVerdict = 'progress' | 'delivered' | 'needs-fallback' | 'permanent';

export interface CodeMeaning {
  readonly verdict: AckVerdict;
  /** PII-free text for events and operators. */
  readonly meaning: string;
}

const ITK: Readonly<Record<string, CodeMeaning>> = {
  '20013': { verdict: 'progress', meaning: 'received and technically valid; business acknowledgement due' },
  '30001': { verdict: 'delivered', meaning: 'patient registered at the practice; in the GP workflow' },
  // Our retries keep the same identifiers (domain.md 5.2 #16), so a duplicate means the GP already has it.
  '20007': { verdict: 'delivered', meaning: 'duplicate message: the GP system already has it' },
  '20008': { verdict: 'delivered', meaning: 'duplicate document: the GP system already has it' },
  // Our message is wrong: sending it again (or by email) hides a mapping defect; an operator must look.
  '20009': { verdict: 'permanent', meaning: 'payload validation failure: fix the mapping, never resend unchanged' },
  '20006': { verdict: 'permanent', meaning: 'ITK header validation failure' },
  '20004': { verdict: 'permanent', meaning: 'attachment type not approved' },
  '20005': { verdict: 'permanent', meaning: 'attachment type not supported' },
  '20014': { verdict: 'permanent', meaning: 'replacement document could not be processed' },
  '20015': { verdict: 'permanent', meaning: 'message too large' },
  // The structured route cannot deliver, but the practice still needs the summary: NHSmail fallback.
  '20010': { verdict: 'needs-fallback', meaning: 'practice does not accept Update Record (switched off or unsupported)' },
  '20001': { verdict: 'needs-fallback', meaning: 'recipient person not recognised' },
  '20002': { verdict: 'needs-fallback', meaning: 'recipient organisation not recognised' },
  '20011': { verdict: 'needs-fallback', meaning: 'payload recipient person not recognised' },
  '20003': { verdict: 'needs-fallback', meaning: 'sender not recognised by the receiver' },
  '20012': { verdict: 'needs-fallback', meaning: 'sender not authorised by the receiver' },
  '30002': { verdict: 'needs-fallback', meaning: 'patient not known at the practice' },
  '30003': { verdict: 'needs-fallback', meaning: 'patient no longer at the practice' },
};

/** ITK3 code -> meaning. 10001-10010 are handling-spec faults in our build; unknown codes go by sign. */
export function itkCodeMeaning(code: string, positive: boolean): CodeMeaning {
  const known = ITK[code];
  if (known) return known;
  if (/^100\d\d$/.test(code)) return { verdict: 'permanent', meaning: 'ITK handling specification error in the message we built' };
  if (positive)
    return code.startsWith('3')
      ? { verdict: 'delivered', meaning: 'positive business acknowledgement' }
      : { verdict: 'progress', meaning: 'positive infrastructure acknowledgement' };
  // An unknown negative code must not be blind-retried; the practice still needs the summary.
  return { verdict: 'needs-fallback', meaning: 'negative acknowledgement with an unknown code' };
}

const REPORTS: Readonly<Record<string, string>> = {
  'EPL-150': "several mailboxes matched the patient's practice",
  'EPL-151': 'no mailbox for the practice and workflow (practice not on MESH for Update Record)',
  'EPL-152': 'invalid NHS number in the address',
  'EPL-153': 'NHS number not found on PDS',
  'EPL-154': 'NHS number, birth date and surname do not match PDS',
  '14': 'not collected by the practice in time',
  '17': 'workflow not registered for the recipient mailbox',
};

/**
 * A failed MESH report: every routing or collection failure leaves the structured route unable to
 * deliver, so the summary goes by NHSmail (domain.md 6: EPL-151..154 -> fallback).
 */
export function reportMeaning(statusCode: string | null): CodeMeaning {
  const known = statusCode === null ? undefined : REPORTS[statusCode];
  return { verdict: 'needs-fallback', meaning: known ?? 'MESH could not deliver the message' };
}
