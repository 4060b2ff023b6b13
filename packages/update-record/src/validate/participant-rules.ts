import { isValidNhsNumber } from '@firstsync/contracts';
import { NHS_NUMBER_VERIFICATION_CODES, PARTICIPANT_RECORDER } from '../codes';
import { EXTENSION, SYSTEM } from '../profiles';
import { asObject, asString, objectsOf } from './json';
import type { ResourceCheck } from './resource-check';

const GENDERS: ReadonlySet<string> = new Set(['male', 'female', 'other', 'unknown']);
const JOB_ROLE_SYSTEMS = [SYSTEM.sdsJobRoleHl7Uk, SYSTEM.sdsJobRoleNhs];

/** CareConnect-GPC-Patient-1: NHS number (Mod 11) with its verification status, official name. */
export function checkPatient(check: ResourceCheck): void {
  const nhs = objectsOf(check.resource.identifier).filter(({ item }) => item.system === SYSTEM.nhsNumber);
  if (nhs.length !== 1) {
    check.issues.error(check.at('identifier'), 'required', `exactly one ${SYSTEM.nhsNumber} identifier is required (MESH routes on it)`);
  }
  for (const { item, index } of nhs) {
    const at = check.at(`identifier[${index}]`);
    if (!isValidNhsNumber(asString(item.value) ?? '') || !/^[0-9]{10}$/.test(asString(item.value) ?? '')) {
      check.issues.error(`${at}.value`, 'invalid', 'NHS number must be 10 digits passing the Mod 11 check');
    }
    const statuses = objectsOf(item.extension).filter(({ item: e }) => e.url === EXTENSION.nhsNumberVerificationStatus);
    if (statuses.length !== 1) {
      check.issues.error(`${at}.extension`, 'required', 'NHS number verification status extension is required exactly once');
    }
    for (const { item: status, index: i } of statuses) {
      check.coded('valueCodeableConcept', SYSTEM.nhsNumberVerificationStatus, {
        codes: NHS_NUMBER_VERIFICATION_CODES,
        owner: status,
        ownerPath: `${at}.extension[${i}]`,
      });
    }
  }
  const official = objectsOf(check.required('name')).filter(({ item }) => item.use === 'official');
  if (official.length !== 1) check.issues.error(check.at('name'), 'required', 'exactly one official name is required');
  for (const { item, index } of official) check.text('family', item, check.at(`name[${index}]`));
  const gender = check.resource.gender;
  if (gender === undefined) check.issues.warning(check.at('gender'), 'required', 'gender should be present (PDS match)');
  else if (!GENDERS.has(String(gender))) check.issues.error(check.at('gender'), 'code-invalid', 'gender must be male, female, other or unknown');
  if (check.resource.birthDate === undefined) check.issues.warning(check.at('birthDate'), 'required', 'birthDate should be present (MESH routing)');
  check.date('birthDate');
  check.maxCount('generalPractitioner', 1);
}

/** CareConnect-GPC-Organization-1: the pharmacy, named and with its ODS code. */
export function checkOrganization(check: ResourceCheck): void {
  check.text('name');
  const ods = objectsOf(check.resource.identifier).filter(({ item }) => item.system === SYSTEM.odsOrganization);
  if (ods.length !== 1 || !asString(ods[0]?.item.value)) {
    check.issues.error(check.at('identifier'), 'required', `exactly one ${SYSTEM.odsOrganization} identifier is required`);
  }
}

/** CareConnect-GPC-Practitioner-1: one name with a family name. */
export function checkPractitioner(check: ResourceCheck): void {
  const names = objectsOf(check.required('name'));
  check.maxCount('name', 1);
  for (const { item, index } of names) check.text('family', item, check.at(`name[${index}]`));
  for (const { item, index } of objectsOf(check.resource.identifier)) {
    check.text('system', item, check.at(`identifier[${index}]`));
    check.text('value', item, check.at(`identifier[${index}]`));
  }
}

/** CareConnect-GPC-PractitionerRole-1: who, where, and the SDS job role. */
export function checkPractitionerRole(check: ResourceCheck): void {
  check.reference('practitioner', ['Practitioner']);
  check.reference('organization', ['Organization']);
  check.coded('code', JOB_ROLE_SYSTEMS, { display: true });
}

/** CareConnect-GPC-Encounter-1 (docs/update-record-itk3.md#encounter). */
export function checkEncounter(check: ResourceCheck): void {
  check.required('identifier');
  check.fixed('status', 'finished');
  check.snomed('type');
  check.maxCount('type', 1);
  check.reference('subject', ['Patient']);
  const participants = objectsOf(check.required('participant'));
  for (const { item, index } of participants) {
    const at = check.at(`participant[${index}]`);
    check.coded('type', SYSTEM.participantType, { codes: new Set([PARTICIPANT_RECORDER.code]), owner: item, ownerPath: at });
    check.reference('individual', ['Practitioner', 'PractitionerRole'], item, at);
  }
  const period = asObject(check.required('period'));
  if (period !== undefined) check.dateTime('start', period, check.at('period'));
  check.reference('serviceProvider', ['Organization']);
  // The IG puts the service code here (same as Composition.type); not mandatory in the profile.
  if (check.resource.reason === undefined) check.issues.warning(check.at('reason'), 'required', 'reason should carry the service code');
  else check.snomed('reason');
}
