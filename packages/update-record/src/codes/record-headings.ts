import type { ConsultationNotes } from '@firstsync/contracts';
import type { Concept } from './concept';

/** PRSB headings (RecordStandardHeadings) used by Update Record, carried in meta.tag. */
export const HEADING = {
  clinicalSummary: { code: 'clinical-summary', display: 'Clinical summary' },
  history: { code: 'history', display: 'History' },
  redFlags: { code: 'red-flags', display: 'Red flags' },
  informationAndAdviceGiven: { code: 'information-and-advice-given', display: 'Information and advice given' },
  planAndRequestedActions: { code: 'plan-and-requested-actions', display: 'Plan and requested actions' },
  signpostDetails: { code: 'signpost-details', display: 'Signpost details' },
  presentingComplaints: { code: 'presenting-complaints-or-issues', display: 'Presenting complaints or issues' },
  pregnancyStatus: { code: 'pregnancy-status', display: 'Pregnancy status' },
  proceduresAndTherapies: { code: 'procedures-and-therapies', display: 'Procedures and therapies' },
  socialContext: { code: 'social-context', display: 'Social context' },
  safeguarding: { code: 'safeguarding', display: 'Safeguarding' },
} as const satisfies Record<string, Concept>;

/** Every heading code the IG uses (docs/update-record-itk3.md#document-bundle-composition-and-headings); the validator rejects any other tag code. */
export const UPDATE_RECORD_HEADING_CODES: ReadonlySet<string> = new Set(Object.values(HEADING).map((h) => h.code));

/**
 * Free-text notes to ClinicalImpression headings, in the order a GP reads a consultation:
 * summary first, then history, red flags, advice, plan, signposting.
 */
export const NOTE_HEADINGS: readonly { readonly field: keyof ConsultationNotes; readonly heading: Concept }[] = [
  { field: 'clinicalSummary', heading: HEADING.clinicalSummary },
  { field: 'history', heading: HEADING.history },
  { field: 'redFlags', heading: HEADING.redFlags },
  { field: 'adviceGiven', heading: HEADING.informationAndAdviceGiven },
  { field: 'plan', heading: HEADING.planAndRequestedActions },
  { field: 'signposting', heading: HEADING.signpostDetails },
];
