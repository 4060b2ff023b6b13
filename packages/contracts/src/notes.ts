import { z } from 'zod';
import { multiLineText } from './text';

// One ClinicalImpression per heading; PRSB makes the clinical summary mandatory.
const NOTE_MAX = 4000;

export const notesSchema = z.strictObject({
  clinicalSummary: multiLineText(1, NOTE_MAX),
  history: multiLineText(1, NOTE_MAX).optional(),
  redFlags: multiLineText(1, NOTE_MAX).optional(),
  adviceGiven: multiLineText(1, NOTE_MAX).optional(),
  plan: multiLineText(1, NOTE_MAX).optional(),
  signposting: multiLineText(1, NOTE_MAX).optional(),
});

export type ConsultationNotes = z.infer<typeof notesSchema>;
