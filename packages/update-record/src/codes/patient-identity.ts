import type { Concept } from './concept';

/** CareConnect-NHSNumberVerificationStatus-1: the two states a pharmacy system can assert. */
export const NHS_NUMBER_VERIFIED: Concept = { code: '01', display: 'Number present and verified' };
export const NHS_NUMBER_NOT_TRACED: Concept = { code: '02', display: 'Number present but not traced' };

export const NHS_NUMBER_VERIFICATION_CODES: ReadonlySet<string> = new Set(['01', '02', '03', '04', '05', '06', '07', '08']);

/** Encounter.participant.type: the pharmacist recorded the consultation. */
export const PARTICIPANT_RECORDER: Concept = { code: 'REC', display: 'recorder' };
