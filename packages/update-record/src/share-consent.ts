import type { Consultation } from '@firstsync/contracts';

/**
 * Whether a GP message may be built at all. A refusal (e.g. contraception patients who want no
 * one told, domain.md 3.4) means nothing is sent; the consultation is still recorded upstream.
 */
export function shouldShareWithGp(consultation: Pick<Consultation, 'consentToShareWithGp'>): boolean {
  return consultation.consentToShareWithGp === true;
}
