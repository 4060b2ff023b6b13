import type { DocumentBundle, DocumentResource } from '../fhir-stu3';
import { PROFILE } from '../profiles';
import { buildClinicalImpressions } from './clinical-impressions';
import { buildComposition } from './composition';
import { buildConditions } from './conditions';
import type { BuildContext } from './context';
import { entryOf, uuidIdentifier } from './datatypes';
import { buildEncounter } from './encounter';
import { buildMedicationDispenses } from './medication-dispenses';
import { buildObservations } from './observations';
import { buildPatient } from './patient';
import { buildPharmacyOrganization } from './pharmacy-organization';
import { buildPractitioner } from './practitioner';
import { buildPractitionerRole } from './practitioner-role';

export interface DocumentBundleInput {
  readonly documentIdentifier: string;
  readonly replacesDocumentIdentifier?: string;
  readonly builtAt: string;
}

/** The inner `document` Bundle: Composition first, then the resources in the IG examples' order. */
export function buildDocumentBundle(context: BuildContext, input: DocumentBundleInput): DocumentBundle {
  const resources: DocumentResource[] = [
    buildEncounter(context),
    buildPharmacyOrganization(context),
    buildPractitioner(context),
    buildPractitionerRole(context),
    buildPatient(context),
    ...buildObservations(context),
    ...buildMedicationDispenses(context),
    ...buildConditions(context),
    ...buildClinicalImpressions(context),
  ];
  const composition = buildComposition(context, {
    id: context.idFor('composition'),
    documentIdentifier: input.documentIdentifier,
    ...(input.replacesDocumentIdentifier === undefined ? {} : { replacesDocumentIdentifier: input.replacesDocumentIdentifier }),
    sectionEntries: resources,
  });
  return {
    resourceType: 'Bundle',
    id: input.documentIdentifier,
    meta: { lastUpdated: input.builtAt, profile: [PROFILE.documentBundle] },
    identifier: uuidIdentifier(input.documentIdentifier),
    type: 'document',
    entry: [entryOf(composition), ...resources.map(entryOf)],
  };
}
