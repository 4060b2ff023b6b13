import { PROFILE } from '../profiles';
import { checkClinicalImpression, checkCondition, checkMedicationDispense, checkObservation } from './clinical-rules';
import { checkComposition, checkDocumentContents } from './document-rules';
import { checkHeadingTags, checkJsonShape, checkProfile } from './generic-rules';
import { IssueList, type ValidationResult } from './issues';
import { asObject, type JsonObject, objectsOf } from './json';
import { checkHeaderOrganization, checkMessageHeader } from './message-rules';
import { checkEncounter, checkOrganization, checkPatient, checkPractitioner, checkPractitionerRole } from './participant-rules';
import { checkReferencesResolve, type Scope, scopeOf } from './references';
import { ResourceCheck } from './resource-check';

type Rule = (check: ResourceCheck, heading: string | undefined) => void;

/** What the document Bundle may contain: the allow-list by resource type (anything else: 20009). */
const DOCUMENT_RESOURCES: ReadonlyMap<string, { profile: string; rule: Rule }> = new Map<string, { profile: string; rule: Rule }>([
  ['Composition', { profile: PROFILE.composition, rule: checkComposition }],
  ['Patient', { profile: PROFILE.patient, rule: checkPatient }],
  ['Organization', { profile: PROFILE.organization, rule: checkOrganization }],
  ['Practitioner', { profile: PROFILE.practitioner, rule: checkPractitioner }],
  ['PractitionerRole', { profile: PROFILE.practitionerRole, rule: checkPractitionerRole }],
  ['Encounter', { profile: PROFILE.encounter, rule: checkEncounter }],
  ['Observation', { profile: PROFILE.observation, rule: checkObservation }],
  ['MedicationDispense', { profile: PROFILE.medicationDispense, rule: checkMedicationDispense }],
  ['Condition', { profile: PROFILE.condition, rule: checkCondition }],
  ['ClinicalImpression', { profile: PROFILE.clinicalImpression, rule: checkClinicalImpression }],
]);

/** Safe to echo: resource type names are schema words, never patient data. */
function typeName(resource: JsonObject): string {
  const type = resource.resourceType;
  return typeof type === 'string' && /^[A-Z][A-Za-z]{1,40}$/.test(type) ? type : '(unknown)';
}

function checkBundleHeader(check: ResourceCheck, type: 'message' | 'document', profile: string): void {
  check.fixed('resourceType', 'Bundle');
  check.fixed('type', type);
  const identifier = asObject(check.required('identifier'));
  if (identifier !== undefined) check.text('value', identifier, check.at('identifier'));
  checkProfile(check.resource, check.path, profile, check.issues);
}

function checkDocumentBundle(bundle: JsonObject, path: string, issues: IssueList): void {
  const scope = scopeOf(bundle, path, issues);
  const check = new ResourceCheck(bundle, path, scope, issues);
  checkBundleHeader(check, 'document', PROFILE.documentBundle);
  const meta = asObject(bundle.meta);
  if (meta !== undefined) check.instant('lastUpdated', meta, `${path}.meta`);
  checkDocumentContents(check);
  for (const { item: entry, index } of objectsOf(check.required('entry'))) {
    const at = `${path}.entry[${index}].resource`;
    const resource = asObject(entry.resource);
    if (resource === undefined) {
      issues.error(at, 'required', 'entry.resource is required');
      continue;
    }
    const allowed = DOCUMENT_RESOURCES.get(String(resource.resourceType));
    if (allowed === undefined) {
      issues.error(at, 'not-supported', `${typeName(resource)} is not allowed in an Update Record document (receiver rejects with 20009)`);
      continue;
    }
    checkProfile(resource, at, allowed.profile, issues);
    const heading = checkHeadingTags(resource, at, issues);
    checkReferencesResolve(resource, at, scope, issues);
    allowed.rule(new ResourceCheck(resource, at, scope, issues), heading);
  }
}

function checkMessageEntry(resource: JsonObject, at: string, scope: Scope, issues: IssueList): void {
  const check = new ResourceCheck(resource, at, scope, issues);
  switch (resource.resourceType) {
    case 'MessageHeader':
      checkProfile(resource, at, PROFILE.messageHeader, issues);
      checkReferencesResolve(resource, at, scope, issues);
      checkMessageHeader(check);
      return;
    case 'Organization':
      checkProfile(resource, at, PROFILE.headerOrganization, issues);
      checkHeaderOrganization(check);
      return;
    case 'Bundle':
      checkDocumentBundle(resource, at, issues);
      return;
    default:
      issues.error(at, 'not-supported', `${typeName(resource)} is not allowed in an Update Record message (receiver rejects with 20009)`);
  }
}

/**
 * Structural validation of a GP Connect Update Record (ITK014M) message before it may leave:
 * JSON shape, profile allow-list, cardinalities and fixed values of the profiles, required codes
 * and units, and reference integrity (every reference a urn:uuid resolving to a fullUrl). Takes
 * untyped JSON so it also judges messages we did not build (or built wrongly).
 */
export function validateUpdateRecordMessage(message: unknown): ValidationResult {
  const issues = new IssueList();
  const bundle = asObject(message);
  if (bundle === undefined) {
    issues.error('Bundle', 'structure', 'the message must be a JSON object (a FHIR Bundle)');
    return { valid: false, issues: issues.issues };
  }
  checkJsonShape(bundle, 'Bundle', issues);
  const scope = scopeOf(bundle, 'Bundle', issues);
  const check = new ResourceCheck(bundle, 'Bundle', scope, issues);
  checkBundleHeader(check, 'message', PROFILE.messageBundle);
  const entries = objectsOf(check.required('entry'));
  const types = entries.map(({ item }) => asObject(item.resource)?.resourceType);
  if (types[0] !== 'MessageHeader') issues.error('Bundle.entry[0]', 'structure', 'the first entry of a message must be the MessageHeader');
  if (types.filter((t) => t === 'MessageHeader').length !== 1) issues.error('Bundle.entry', 'structure', 'exactly one MessageHeader is required');
  if (types.filter((t) => t === 'Bundle').length !== 1) issues.error('Bundle.entry', 'structure', 'exactly one document Bundle is required');
  if (!types.includes('Organization')) issues.error('Bundle.entry', 'required', 'the sender Organization is required');
  for (const { item: entry, index } of entries) {
    const at = `Bundle.entry[${index}].resource`;
    const resource = asObject(entry.resource);
    if (resource === undefined) issues.error(at, 'required', 'entry.resource is required');
    else checkMessageEntry(resource, at, scope, issues);
  }
  return { valid: !issues.issues.some((i) => i.severity === 'error'), issues: issues.issues };
}
