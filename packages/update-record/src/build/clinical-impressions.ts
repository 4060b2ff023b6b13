import { NOTE_HEADINGS } from '../codes';
import type { ClinicalImpression } from '../fhir-stu3';
import { PROFILE } from '../profiles';
import type { BuildContext } from './context';
import { meta, uuidIdentifier } from './datatypes';

/** One ClinicalImpression per note heading present; the clinical summary always is (contract). */
export function buildClinicalImpressions(context: BuildContext): ClinicalImpression[] {
  const { notes } = context.consultation;
  return NOTE_HEADINGS.flatMap(({ field, heading }) => {
    const text = notes[field];
    if (text === undefined) return [];
    const id = context.idFor(`clinical-impression/${heading.code}`);
    return [
      {
        resourceType: 'ClinicalImpression',
        id,
        meta: meta(PROFILE.clinicalImpression, heading),
        identifier: [uuidIdentifier(id)],
        status: 'completed',
        subject: context.refs.patient,
        context: context.refs.encounter,
        date: context.recordedAt,
        assessor: context.refs.practitioner,
        summary: text,
      },
    ];
  });
}
