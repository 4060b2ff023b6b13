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
 * The infrastructure response a GP system gives (domain.md 1.2): switched off 20010 first (the
 * practice does not look at content), then unusable payload 20009, duplicates 20007/20008, else 20013.
 */
export function infrastructureAckCode(facts: ReceiptFacts, behaviour: PracticeBehaviour): '20013' | '20007' | '20008' | '20009' | '20010' {
  if (!behaviour.updateRecord) return '20010';
  if (!facts.valid) return '20009';
  if (facts.duplicateMessage) return '20007';
  if (facts.duplicateDocument) return '20008';
  return '20013';
}

/** The business response: 30002/30003 straight after matching fails; 30001 once staff filed it. */
export function businessAckCode(behaviour: PracticeBehaviour): '30001' | '30002' | '30003' {
  if (behaviour.patient === 'unknown') return '30002';
  if (behaviour.patient === 'left') return '30003';
  return '30001';
}
