import type { Consultation } from '@firstsync/contracts';

/**
 * Whether a GP message may be built at all. A refusal (e.g. contraception patients who want no
 * one told, docs/pharmacy-first.md#consent-to-share) means nothing is sent; the consultation is still recorded upstream.
 */
export function shouldShareWithGp(consultation: Pick<Consultation, 'consentToShareWithGp'>): boolean {
  return consultation.consentToShareWithGp === true;
}
