import { z } from 'zod';
import { boundedText } from './text';

// One ClinicalImpression per heading; PRSB makes the clinical summary mandatory.
const NOTE_MAX = 4000;

export const notesSchema = z.strictObject({
  clinicalSummary: boundedText(1, NOTE_MAX),
  history: boundedText(1, NOTE_MAX).optional(),
  redFlags: boundedText(1, NOTE_MAX).optional(),
  adviceGiven: boundedText(1, NOTE_MAX).optional(),
  plan: boundedText(1, NOTE_MAX).optional(),
  signposting: boundedText(1, NOTE_MAX).optional(),
});

export type ConsultationNotes = z.infer<typeof notesSchema>;
