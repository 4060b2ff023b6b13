import { COMPOSITION_TYPES } from '../codes';
import type { Composition, DocumentResource } from '../fhir-stu3';
import { PROFILE } from '../profiles';
import type { BuildContext } from './context';
import { referenceTo, snomedConcept, uuidIdentifier } from './datatypes';

export interface CompositionInput {
  readonly id: string;
  readonly documentIdentifier: string;
  /** The document this one replaces; set for every version after the first. */
  readonly replacesDocumentIdentifier?: string;
  /** The other document entries, all listed in the one section (IG: data is structured, no HTML). */
  readonly sectionEntries: readonly DocumentResource[];
}

export function buildComposition(context: BuildContext, input: CompositionInput): Composition {
  const { consultation } = context;
  const service = COMPOSITION_TYPES[consultation.service];
  const composition: Composition = {
    resourceType: 'Composition',
    id: input.id,
    // versionId = the consultation version, the IG's replacement marker alongside relatesTo.
    meta: { versionId: String(consultation.version), profile: [PROFILE.composition] },
    identifier: uuidIdentifier(input.documentIdentifier),
    status: 'final',
    type: snomedConcept(service),
    subject: context.refs.patient,
    encounter: context.refs.encounter,
    date: context.recordedAt,
    author: [context.refs.practitioner],
    title: `${consultation.pharmacy.name} - ${service.display}`,
    section: [{ entry: input.sectionEntries.map((resource) => referenceTo(resource.id)) }],
  };
  if (input.replacesDocumentIdentifier !== undefined) {
    composition.relatesTo = [{ code: 'replaces', targetIdentifier: uuidIdentifier(input.replacesDocumentIdentifier) }];
  }
  return composition;
}
