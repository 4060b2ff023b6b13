import type { AckVerdict, CodeMeaning } from './code-meaning';

export type ItkResponseLevel = 'infrastructure' | 'business';
/** STU3 OperationOutcome.issue.code values the ITK3 error mapping uses. */
export type ItkIssueType = 'informational' | 'processing' | 'not-found' | 'duplicate' | 'invalid' | 'security' | 'too-costly';

/** One ITK-ResponseCodes-1 code: as the code system words it, and what it means for us. */
export interface ItkResponseCode extends CodeMeaning {
  readonly code: string;
  /** The display of the code system, as a GP system sends it. */
  readonly display: string;
  readonly level: ItkResponseLevel;
  readonly positive: boolean;
  readonly issueType: ItkIssueType;
}

function itk<const C extends string>(code: C, display: string, positive: boolean, issueType: ItkIssueType, verdict: AckVerdict, meaning: string) {
  const level: ItkResponseLevel = code.startsWith('3') ? 'business' : 'infrastructure';
  return { code, display, level, positive, issueType, verdict, meaning };
}

// 10001-10010: the GP system could not handle the message we built; resending it unchanged cannot help.
const HANDLING_ERROR = 'ITK handling specification error in the message we built';

/**
 * The ITK3 response codes an Update Record exchange can carry (docs/update-record-itk3.md#itk-response-codes),
 * by name. Issue types follow the ITK3 error-code mapping: success is informational, patient and
 * recipient lookups not-found, duplicates duplicate, payload problems invalid. Verdicts are our
 * reading: a duplicate means the practice already has it (our retries keep the identifiers:
 * docs/known-spec-pitfalls.md#retries-keep-identifiers), a message the receiver cannot use needs an
 * operator (sending it again, or by email, would hide a mapping defect), a receiver that cannot take
 * it needs the NHSmail fallback.
 */
export const ITK_RESPONSE = {
  handlingSpecificationError: itk('10001', 'Handling Specification Error', false, 'processing', 'permanent', HANDLING_ERROR),
  infrastructureResponseValueError: itk('10002', 'Infrastructure Level Response Value - Processing Error', false, 'processing', 'permanent', HANDLING_ERROR),
  businessResponseValueError: itk('10003', 'Business Level Response Value - Processing Error', false, 'processing', 'permanent', HANDLING_ERROR),
  messageDefinitionError: itk('10004', 'Message Definition Value - Processing Error', false, 'processing', 'permanent', HANDLING_ERROR),
  messageDefinitionVersionError: itk('10005', 'Message Definition Version Value - Processing Error', false, 'processing', 'permanent', HANDLING_ERROR),
  senderReferenceError: itk('10007', 'Sender Reference Value - Processing Error', false, 'processing', 'permanent', HANDLING_ERROR),
  handlingSpecificationRuleError: itk('10008', 'Handling Specification Business Rule Error', false, 'processing', 'permanent', HANDLING_ERROR),
  unreadableMessage: itk('10009', 'Unreadable message received', false, 'processing', 'permanent', HANDLING_ERROR),
  recipientTypeError: itk('10010', 'Recipient Type - Processing Error', false, 'processing', 'permanent', HANDLING_ERROR),
  unrecognisedRecipientPerson: itk('20001', 'Unrecognised Recipient Person', false, 'not-found', 'needs-fallback', 'recipient person not recognised'),
  unrecognisedRecipientOrganisation: itk(
    '20002',
    'Unrecognised Recipient Organisation',
    false,
    'not-found',
    'needs-fallback',
    'recipient organisation not recognised',
  ),
  unrecognisedSender: itk('20003', 'Unrecognised Sender', false, 'not-found', 'needs-fallback', 'sender not recognised by the receiver'),
  attachmentNotApproved: itk('20004', 'Non-Approved file type received as an attachment', false, 'security', 'permanent', 'attachment type not approved'),
  attachmentNotSupported: itk('20005', 'Unsupported file type received as an attachment', false, 'processing', 'permanent', 'attachment type not supported'),
  headerInvalid: itk('20006', 'ITK header validation failure', false, 'invalid', 'permanent', 'ITK header validation failure'),
  duplicateMessage: itk('20007', 'Duplicate Message received', false, 'duplicate', 'delivered', 'duplicate message: the GP system already has it'),
  duplicateDocument: itk('20008', 'Duplicate Document received', false, 'duplicate', 'delivered', 'duplicate document: the GP system already has it'),
  payloadInvalid: itk(
    '20009',
    'Payload validation failure',
    false,
    'invalid',
    'permanent',
    'payload validation failure: fix the mapping, never resend unchanged',
  ),
  // GP suppliers answer 20010 when the practice has Update Record switched off or cannot take it.
  recipientNotSupported: itk(
    '20010',
    'Unrecognised Payload Recipient Organisation',
    false,
    'not-found',
    'needs-fallback',
    'practice does not accept Update Record (switched off or unsupported)',
  ),
  unrecognisedPayloadRecipientPerson: itk(
    '20011',
    'Unrecognised Payload Recipient Person',
    false,
    'not-found',
    'needs-fallback',
    'payload recipient person not recognised',
  ),
  unauthorisedSender: itk('20012', 'Unauthorised Sender', false, 'security', 'needs-fallback', 'sender not authorised by the receiver'),
  success: itk('20013', 'Success', true, 'informational', 'progress', 'received and technically valid; business acknowledgement due'),
  replacementNotProcessed: itk(
    '20014',
    'Unable to Process Replacement Document',
    false,
    'processing',
    'permanent',
    'replacement document could not be processed',
  ),
  messageTooLarge: itk('20015', 'Message too large', false, 'too-costly', 'permanent', 'message too large'),
  patientKnown: itk(
    '30001',
    'Patient known here. (e.g. Patient is registered here)',
    true,
    'informational',
    'delivered',
    'patient registered at the practice; in the GP workflow',
  ),
  patientNotKnown: itk(
    '30002',
    "Patient not known here. (aka 'patient record not present in system')",
    false,
    'not-found',
    'needs-fallback',
    'patient not known at the practice',
  ),
  patientLeft: itk('30003', 'Patient no longer at this clinical setting', false, 'not-found', 'needs-fallback', 'patient no longer at the practice'),
} as const satisfies Record<string, ItkResponseCode>;

/** A code of the table above. */
export type ItkCode = (typeof ITK_RESPONSE)[keyof typeof ITK_RESPONSE]['code'];

export const ITK_RESPONSE_CODES: ReadonlyMap<string, ItkResponseCode> = new Map(Object.values(ITK_RESPONSE).map((c) => [c.code, c] as const));

/** What an ITK3 code means for the sender. Codes outside the table go by their shape and sign. */
export function itkCodeMeaning(code: string, positive: boolean): CodeMeaning {
  const known = ITK_RESPONSE_CODES.get(code);
  if (known) return { verdict: known.verdict, meaning: known.meaning };
  if (/^100\d\d$/.test(code)) return { verdict: 'permanent', meaning: HANDLING_ERROR };
  if (positive)
    return code.startsWith('3')
      ? { verdict: 'delivered', meaning: 'positive business acknowledgement' }
      : { verdict: 'progress', meaning: 'positive infrastructure acknowledgement' };
  // An unknown negative code must not be blind-retried; the practice still needs the summary.
  return { verdict: 'needs-fallback', meaning: 'negative acknowledgement with an unknown code' };
}
