import type { Concept } from './concept';

export const ITK_EVENT = {
  updateRecord: { code: 'ITK014M', display: 'ITK Update Record' },
  response: { code: 'ITK008M', display: 'ITK Response' },
} as const satisfies Record<string, Concept>;

/**
 * FA: GP systems treat every Update Record as "for action" whatever is sent (domain.md 5.2 #10),
 * and a pharmacy consultation does need a person to review and file it.
 */
export const RECIPIENT_TYPE = {
  forAction: { code: 'FA', display: 'For Action' },
  forInformation: { code: 'FI', display: 'For Information' },
} as const satisfies Record<string, Concept>;

export type ItkResponseLevel = 'infrastructure' | 'business';
/** STU3 OperationOutcome.issue.code values the ITK3 error mapping uses. */
export type ItkIssueType = 'informational' | 'processing' | 'not-found' | 'duplicate' | 'invalid' | 'security' | 'too-costly';

export interface ItkResponseCode extends Concept {
  readonly level: ItkResponseLevel;
  readonly positive: boolean;
  readonly issueType: ItkIssueType;
}

function code(value: string, display: string, positive: boolean, issueType: ItkIssueType): ItkResponseCode {
  return { code: value, display, level: value.startsWith('3') ? 'business' : 'infrastructure', positive, issueType };
}

/**
 * ITK-ResponseCodes-1 codes an Update Record exchange can carry (displays as in the code system).
 * Issue types follow the ITK3 error-code mapping: success is informational, patient/recipient
 * lookups are not-found, duplicates are duplicate, payload problems invalid.
 */
export const ITK_RESPONSE_CODES: ReadonlyMap<string, ItkResponseCode> = new Map(
  [
    code('10001', 'Handling Specification Error', false, 'processing'),
    code('10002', 'Infrastructure Level Response Value - Processing Error', false, 'processing'),
    code('10003', 'Business Level Response Value - Processing Error', false, 'processing'),
    code('10004', 'Message Definition Value - Processing Error', false, 'processing'),
    code('10005', 'Message Definition Version Value - Processing Error', false, 'processing'),
    code('10007', 'Sender Reference Value - Processing Error', false, 'processing'),
    code('10008', 'Handling Specification Business Rule Error', false, 'processing'),
    code('10009', 'Unreadable message received', false, 'processing'),
    code('10010', 'Recipient Type - Processing Error', false, 'processing'),
    code('20001', 'Unrecognised Recipient Person', false, 'not-found'),
    code('20002', 'Unrecognised Recipient Organisation', false, 'not-found'),
    code('20003', 'Unrecognised Sender', false, 'not-found'),
    code('20004', 'Non-Approved file type received as an attachment', false, 'security'),
    code('20005', 'Unsupported file type received as an attachment', false, 'processing'),
    code('20006', 'ITK header validation failure', false, 'invalid'),
    code('20007', 'Duplicate Message received', false, 'duplicate'),
    code('20008', 'Duplicate Document received', false, 'duplicate'),
    code('20009', 'Payload validation failure', false, 'invalid'),
    code('20010', 'Unrecognised Payload Recipient Organisation', false, 'not-found'),
    code('20011', 'Unrecognised Payload Recipient Person', false, 'not-found'),
    code('20012', 'Unauthorised Sender', false, 'security'),
    code('20013', 'Success', true, 'informational'),
    code('20014', 'Unable to Process Replacement Document', false, 'processing'),
    code('20015', 'Message too large', false, 'too-costly'),
    code('30001', 'Patient known here. (e.g. Patient is registered here)', true, 'informational'),
    code('30002', "Patient not known here. (aka 'patient record not present in system')", false, 'not-found'),
    code('30003', 'Patient no longer at this clinical setting', false, 'not-found'),
  ].map((c) => [c.code, c] as const),
);
