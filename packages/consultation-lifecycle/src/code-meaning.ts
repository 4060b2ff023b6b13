/**
 * What an answer from the GP side means for the sender (docs/update-record-itk3.md#what-the-sender-does-with-each-answer).
 * `progress`: the message moves on and a further acknowledgement is due; the rest are final.
 */
export type AckVerdict = 'progress' | 'delivered' | 'needs-fallback' | 'permanent';

export interface CodeMeaning {
  readonly verdict: AckVerdict;
  /** PII-free text for pipeline events and operators. */
  readonly meaning: string;
}
