import { SYSTEM } from '../profiles';
import { asArray, asObject, asString, objectsOf } from './json';
import type { ResourceCheck } from './resource-check';

/** Resource types that must be listed in the Composition's section (IG: every clinical entry). */
const SECTION_MEMBERS = ['Encounter', 'Observation', 'MedicationDispense', 'Condition', 'ClinicalImpression'];

/** CareConnect-Composition-1 as the IG uses it: one structured section, no narrative. */
export function checkComposition(check: ResourceCheck): void {
  const identifier = asObject(check.required('identifier'));
  if (identifier !== undefined) {
    check.text('system', identifier, check.at('identifier'));
    check.text('value', identifier, check.at('identifier'));
  }
  check.fixed('status', 'final');
  check.snomed('type');
  check.reference('subject', ['Patient']);
  check.reference('encounter', ['Encounter']);
  check.dateTime('date');
  check.reference('author', ['Practitioner', 'PractitionerRole', 'Organization', 'Patient']);
  check.text('title');
  for (const { item, index } of objectsOf(check.resource.relatesTo)) {
    const at = check.at(`relatesTo[${index}]`);
    check.fixed('code', 'replaces', item, at);
    const target = asObject(check.required('targetIdentifier', item, at));
    if (target !== undefined) check.text('value', target, `${at}.targetIdentifier`);
  }
  const sections = objectsOf(check.required('section'));
  if (sections.length !== 1) {
    check.issues.error(check.at('section'), 'structure', 'exactly one section is required');
    return;
  }
  const [{ item: section }] = sections as [(typeof sections)[number]];
  if (section.text !== undefined) {
    check.issues.error(check.at('section[0].text'), 'structure', 'section narrative is not allowed: Update Record data must be structured');
  }
  const listed = new Set(objectsOf(section.entry).map(({ item }) => asString(item.reference)));
  for (const [fullUrl, resource] of check.scope) {
    const type = String(resource.resourceType);
    if (SECTION_MEMBERS.includes(type) && !listed.has(fullUrl)) {
      check.issues.error(check.at('section[0].entry'), 'required', `section must reference every ${type} in the document`);
    }
  }
}

function countOf(types: readonly string[], type: string): number {
  return types.filter((t) => t === type).length;
}

/** ITK-Document-Bundle-1 contents (docs/update-record-itk3.md#profiles-and-the-allow-list): which resources, how many. */
export function checkDocumentContents(check: ResourceCheck): void {
  const types = [...check.scope.values()].map((r) => String(r.resourceType));
  const exactlyOne = ['Composition', 'Patient', 'Encounter', 'Organization'];
  for (const type of exactlyOne) {
    if (countOf(types, type) !== 1) check.issues.error(check.at('entry'), 'structure', `the document must contain exactly one ${type}`);
  }
  if (countOf(types, 'Practitioner') < 1) check.issues.error(check.at('entry'), 'required', 'the document must contain a Practitioner');
  const entries = asArray(check.resource.entry);
  const first = asObject(asObject(entries[0])?.resource);
  if (first?.resourceType !== 'Composition') {
    check.issues.error(check.at('entry[0]'), 'structure', 'the first entry of a document must be the Composition');
  }
  // PRSB: a clinical summary is mandatory, so at least one ClinicalImpression must carry it.
  const hasSummary = [...check.scope.values()].some(
    (r) =>
      r.resourceType === 'ClinicalImpression' &&
      objectsOf(asObject(r.meta)?.tag).some(({ item }) => item.system === SYSTEM.recordStandardHeadings && item.code === 'clinical-summary'),
  );
  if (!hasSummary) {
    check.issues.error(check.at('entry'), 'required', 'a ClinicalImpression tagged clinical-summary is required (PRSB)');
  }
  if (entries.length < 5) check.issues.error(check.at('entry'), 'structure', 'a document Bundle needs at least 5 entries');
}
