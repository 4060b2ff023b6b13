import { asciiHeaderText } from './ascii-text';
import { MEX_MAX_LENGTH } from './mex-headers';

export interface UpdateRecordSubjectInput {
  payloadTitle: string;
  patientName: string;
  nhsNumber: string;
  practiceName: string;
  practiceOds: string;
  /** 1 for a first send, +1 per replacement. */
  version: number;
}

// Each free-text part is bounded so that the whole subject (fixed words included) always fits
// mex-Subject's 500 characters and never loses its end ("version n" tells a replacement apart).
const PART_MAX = { title: 120, name: 120, practice: 120, code: 20 } as const;

/**
 * The IG's mex-Subject (docs/mesh.md#subject-line): `[title] for [patient], NHS Number: [nhs], seen at
 * [practice], ODS code: [ods], version [n]`. Patient-identifiable by design: send it, never log it.
 *
 * mex-Subject is an HTTP header, so every part is visible ASCII (`asciiHeaderText`: `O’Sullivan` ->
 * `O'Sullivan`, `Łukasiewicz` -> `Lukasiewicz`, `Nguyễn` -> `Nguyen`, control characters -> spaces).
 * A part with nothing representable left (a name only in another script, a pharmacy name of emoji)
 * keeps the sentence readable: `patient` for the name, `Consultation` for the title, the ODS code
 * for the practice. The subject is only a label for the reader: the message body carries every name
 * exactly as entered.
 */
export function updateRecordSubject(input: UpdateRecordSubjectInput): string {
  const part = (text: string, max: number, otherwise: string) => asciiHeaderText(text, max) || otherwise;
  const ods = part(input.practiceOds, PART_MAX.code, 'unknown');
  const subject = [
    `${part(input.payloadTitle, PART_MAX.title, 'Consultation')} for ${part(input.patientName, PART_MAX.name, 'patient')}`,
    `NHS Number: ${part(input.nhsNumber, PART_MAX.code, 'unknown')}`,
    `seen at ${part(input.practiceName, PART_MAX.practice, ods)}`,
    `ODS code: ${ods}`,
    `version ${input.version}`,
  ].join(', ');
  return subject.slice(0, MEX_MAX_LENGTH.subject);
}
