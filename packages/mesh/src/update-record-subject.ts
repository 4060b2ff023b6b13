export interface UpdateRecordSubjectInput {
  payloadTitle: string;
  patientName: string;
  nhsNumber: string;
  practiceName: string;
  practiceOds: string;
  /** 1 for a first send, +1 per replacement. */
  version: number;
}

/**
 * The IG's mex-Subject (domain.md 1.1): `[title] for [patient], NHS Number: [nhs], seen at
 * [practice], ODS code: [ods], version [n]`. Patient-identifiable by design: send it, never log it.
 */
export function updateRecordSubject(input: UpdateRecordSubjectInput): string {
  const clean = (s: string) => s.replace(/[\x00-\x1f]/g, ' ').trim();
  const subject = `${clean(input.payloadTitle)} for ${clean(input.patientName)}, NHS Number: ${clean(input.nhsNumber)}, seen at ${clean(input.practiceName)}, ODS code: ${clean(input.practiceOds)}, version ${input.version}`;
  // MESH caps mex-Subject at 500 characters.
  return subject.length <= 500 ? subject : subject.slice(0, 500);
}
