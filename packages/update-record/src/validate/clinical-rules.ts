import { ACCEPTED_UCUM_CODES, EXPECTED_UNIT_BY_CODE, HEADING, STU3_DISPENSE_STATUSES, VALID_BLOOD_PRESSURE_TRIPLETS } from '../codes';
import { SYSTEM } from '../profiles';
import { asObject, asString, type JsonObject, objectsOf } from './json';
import type { ResourceCheck } from './resource-check';

const OBSERVATION_CATEGORIES: ReadonlySet<string> = new Set(['vital-signs', 'social-history']);
const CONDITION_CLINICAL_STATUS: ReadonlySet<string> = new Set(['active', 'recurrence', 'inactive', 'remission', 'resolved']);
const BP_PANELS: ReadonlySet<string> = new Set(VALID_BLOOD_PRESSURE_TRIPLETS.map(([panel]) => panel));

function snomedCode(concept: unknown): string | undefined {
  const coding = objectsOf(asObject(concept)?.coding).find(({ item }) => item.system === SYSTEM.snomed);
  return asString(coding?.item.code);
}

/** A UCUM quantity whose unit is the one the code expects (docs/update-record-itk3.md#observation). */
function checkUcum(check: ResourceCheck, owner: JsonObject, ownerPath: string, code: string | undefined): void {
  const quantity = check.quantity('valueQuantity', owner, ownerPath);
  if (quantity === undefined) return;
  const at = `${ownerPath}.valueQuantity`;
  if (quantity.system !== SYSTEM.ucum) check.issues.error(`${at}.system`, 'value', `measurements must use UCUM (${SYSTEM.ucum})`);
  const unit = asString(quantity.code) ?? '';
  if (!ACCEPTED_UCUM_CODES.has(unit)) check.issues.error(`${at}.code`, 'code-invalid', 'unit is not a UCUM code receivers accept');
  const expected = code === undefined ? undefined : EXPECTED_UNIT_BY_CODE.get(code);
  if (expected !== undefined && unit !== expected) check.issues.error(`${at}.code`, 'code-invalid', `unit must be ${expected} for this code`);
}

/** Blood pressure: a valid (panel, systolic, diastolic) triplet, both components in mm[Hg]. */
function checkBloodPressure(check: ResourceCheck, panel: string): void {
  const components = objectsOf(check.resource.component);
  const codes = components.map(({ item }) => snomedCode(item.code));
  const valid = components.length === 2 && VALID_BLOOD_PRESSURE_TRIPLETS.some(([p, s, d]) => p === panel && codes[0] === s && codes[1] === d);
  if (!valid) {
    check.issues.error(check.at('component'), 'code-invalid', 'blood pressure needs systolic then diastolic components forming a valid IG triplet');
  }
  if (check.resource.valueQuantity !== undefined)
    check.issues.error(check.at('valueQuantity'), 'structure', 'a blood pressure panel carries its values in components');
  for (const { item, index } of components) {
    const at = check.at(`component[${index}]`);
    check.snomed('code', item, at);
    checkUcum(check, item, at, snomedCode(item.code));
  }
}

/** CareConnect-GPC-Observation-1 (docs/update-record-itk3.md#observation). */
export function checkObservation(check: ResourceCheck): void {
  check.required('identifier');
  check.fixed('status', 'final');
  if (check.resource.category !== undefined) {
    check.coded('category', SYSTEM.observationCategory, { codes: OBSERVATION_CATEGORIES });
  }
  const code = asString(check.snomed('code')?.code);
  check.reference('subject', ['Patient']);
  check.reference('context', ['Encounter']);
  check.dateTime('effectiveDateTime');
  check.instant('issued');
  check.reference('performer', ['Practitioner', 'PractitionerRole', 'Organization', 'Patient']);
  if (code !== undefined && BP_PANELS.has(code)) checkBloodPressure(check, code);
  else if (check.resource.component !== undefined) check.issues.error(check.at('component'), 'structure', 'only blood pressure panels carry components');
  if (check.resource.valueQuantity !== undefined) checkUcum(check, check.resource, check.path, code);
  else if (code !== undefined && EXPECTED_UNIT_BY_CODE.has(code)) {
    check.issues.error(check.at('valueQuantity'), 'required', 'this measurement needs a valueQuantity');
  }
}

/** CareConnect-GPC-MedicationDispense-1 (docs/update-record-itk3.md#medicationdispense). */
export function checkMedicationDispense(check: ResourceCheck): void {
  check.oneOf('status', STU3_DISPENSE_STATUSES);
  // dm+d AMP as a CodeableConcept: receivers do not accept medicationReference.
  check.prohibited('medicationReference');
  const medication = check.coded('medicationCodeableConcept', SYSTEM.dmd, { display: true });
  if (medication !== undefined && !/^[0-9]{6,18}$/.test(asString(medication.code) ?? '')) {
    check.issues.error(check.at('medicationCodeableConcept'), 'code-invalid', 'dm+d code must be a SNOMED CT id');
  }
  check.reference('subject', ['Patient']);
  check.reference('context', ['Encounter']);
  const performers = objectsOf(check.required('performer'));
  check.maxCount('performer', 1);
  for (const { item, index } of performers) {
    check.reference('actor', ['Practitioner', 'PractitionerRole', 'Organization', 'Patient'], item, check.at(`performer[${index}]`));
  }
  const type = asObject(check.resource.type);
  if (type !== undefined && type.coding !== undefined) check.coded('type', SYSTEM.medicationSupplyType);
  check.quantity('quantity');
  const dosages = objectsOf(check.required('dosageInstruction'));
  for (const { item, index } of dosages) {
    check.text('text', item, check.at(`dosageInstruction[${index}]`));
    check.text('patientInstruction', item, check.at(`dosageInstruction[${index}]`));
  }
  if (check.resource.daysSupply !== undefined) {
    const days = check.quantity('daysSupply');
    if (days !== undefined && (days.system !== SYSTEM.ucum || days.code !== 'd')) {
      check.issues.error(check.at('daysSupply'), 'value', 'daysSupply must be in UCUM d');
    }
  }
  if (check.resource.status === 'completed' && check.resource.notDone === true) {
    check.issues.error(check.at('notDone'), 'invariant', 'a completed dispense cannot be notDone');
  }
}

/** CareConnect-GPC-Condition-1 as a presenting complaint (never a GP Problem). */
export function checkCondition(check: ResourceCheck, heading: string | undefined): void {
  if (heading !== HEADING.presentingComplaints.code) {
    check.issues.error(check.at('meta.tag'), 'required', `a Condition must carry the ${HEADING.presentingComplaints.code} heading`);
  }
  if (check.resource.clinicalStatus !== undefined) check.oneOf('clinicalStatus', CONDITION_CLINICAL_STATUS);
  check.snomed('code');
  check.reference('subject', ['Patient']);
  check.reference('context', ['Encounter']);
  check.dateTime('assertedDate');
  check.reference('asserter', ['Practitioner', 'PractitionerRole', 'Patient']);
}

/** CareConnect-GPC-ClinicalImpression-1: one PRSB free-text heading. */
export function checkClinicalImpression(check: ResourceCheck, heading: string | undefined): void {
  if (heading === undefined) check.issues.error(check.at('meta.tag'), 'required', 'a ClinicalImpression must carry its PRSB heading tag');
  check.fixed('status', 'completed');
  check.reference('subject', ['Patient']);
  check.reference('context', ['Encounter']);
  if (check.resource.date !== undefined) check.dateTime('date');
  if (check.resource.assessor !== undefined) check.reference('assessor', ['Practitioner']);
  check.text('summary');
}
