import { ITK_RESPONSE, type ItkCode } from '@firstsync/consultation-lifecycle';
import type { PracticeBehaviour } from './behaviour';

export interface ReceiptFacts {
  /** The envelope/payload validation passed (body is a usable ITK3 message). */
  valid: boolean;
  /** Bundle.identifier already received by this practice. */
  duplicateMessage: boolean;
  /** Document (inner Bundle) identifier already received under another Bundle.identifier. */
  duplicateDocument: boolean;
}

/**
 * The infrastructure response a GP system gives (docs/update-record-itk3.md#itk-response-codes): switched off 20010 first (the
 * practice does not look at content), then unusable payload 20009, duplicates 20007/20008, else 20013.
 */
export function infrastructureAckCode(facts: ReceiptFacts, behaviour: PracticeBehaviour): ItkCode {
  if (!behaviour.updateRecord) return ITK_RESPONSE.recipientNotSupported.code;
  if (!facts.valid) return ITK_RESPONSE.payloadInvalid.code;
  if (facts.duplicateMessage) return ITK_RESPONSE.duplicateMessage.code;
  if (facts.duplicateDocument) return ITK_RESPONSE.duplicateDocument.code;
  return ITK_RESPONSE.success.code;
}

/** The business response: 30002/30003 straight after matching fails; 30001 once staff filed it. */
export function businessAckCode(behaviour: PracticeBehaviour): ItkCode {
  if (behaviour.patient === 'unknown') return ITK_RESPONSE.patientNotKnown.code;
  if (behaviour.patient === 'left') return ITK_RESPONSE.patientLeft.code;
  return ITK_RESPONSE.patientKnown.code;
}
