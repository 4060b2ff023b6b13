import { z } from 'zod';
import { hasLatinLetter } from './latin-fold';
import { singleLineText } from './text';

// Any Unicode letters (with combining marks, so decomposed "é" works), apostrophes (straight
// and typographic), hyphens and spaces; at least one letter. Names must match PDS exactly for
// MESH routing, so they are validated but never rewritten.
const PATIENT_NAME_PART = /^(?=.*\p{L})[\p{L}\p{M}'\u2019\- ]+$/u;

const patientNamePart = singleLineText(1, 100).regex(PATIENT_NAME_PART, 'must contain only letters, apostrophes, hyphens and spaces');

export const patientNameSchema = z.strictObject({
  given: z.array(patientNamePart).min(1, 'must have at least 1 given name').max(5, 'must have at most 5 given names'),
  // PDS holds names only in Latin script (A-Z and the Latin letters up to U+017F), and MESH routes
  // by the surname PDS holds: a family name with no Latin letter (王, Иванов) could never be routed,
  // so it is refused here with a clear reason instead of being accepted and dead-lettered later.
  // (Checked only once the character rule holds, so one problem is reported per field.)
  family: patientNamePart.refine((value) => !PATIENT_NAME_PART.test(value) || hasLatinLetter(value), 'must contain a Latin letter, as the name is held on PDS'),
});

// The contract puts the character rule on the patient only; clinician names are checked for
// length and content so that pharmacy staff records with titles or initials are not refused.
export const clinicianNameSchema = z.strictObject({
  given: z.array(singleLineText(1, 100)).max(5, 'must have at most 5 given names'),
  family: singleLineText(1, 100),
});
