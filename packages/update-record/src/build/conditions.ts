import type { Concept } from '../codes';
import { HEADING, PATHWAY_DEFAULT_CONDITIONS } from '../codes';
import type { Condition } from '../fhir-stu3';
import { PROFILE } from '../profiles';
import type { BuildContext } from './context';
import { meta, snomedConcept, uuidIdentifier } from './datatypes';

/** The complaints to record: as given, else the pathway's default condition (contract). */
function presentingComplaints(context: BuildContext): readonly Concept[] {
  const { presentingComplaints, pharmacyFirst } = context.consultation;
  if (presentingComplaints.length > 0) return presentingComplaints;
  if (pharmacyFirst?.element === 'clinical-pathway' && pharmacyFirst.pathway !== undefined) {
    return [PATHWAY_DEFAULT_CONDITIONS[pharmacyFirst.pathway]];
  }
  return [];
}

/**
 * Presenting complaints, tagged as such: the IG says these must not become Problems in the GP
 * record, and the tag is how a receiver tells them apart.
 */
export function buildConditions(context: BuildContext): Condition[] {
  return presentingComplaints(context).map((complaint, index) => {
    const id = context.idFor(`condition/${index}`);
    return {
      resourceType: 'Condition',
      id,
      meta: meta(PROFILE.condition, HEADING.presentingComplaints),
      identifier: [uuidIdentifier(id)],
      clinicalStatus: 'active',
      code: snomedConcept({ code: complaint.code, display: complaint.display }),
      subject: context.refs.patient,
      context: context.refs.encounter,
      assertedDate: context.consultation.startedAt,
      asserter: context.refs.practitioner,
    };
  });
}
