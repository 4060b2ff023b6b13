// The structural validator: it passes what the builder makes, and names each problem when a
// message is broken in one specific way (each case mutates one valid message).

import { fixtures } from '@firstsync/contracts/fixtures';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { type ValidationIssue, validateUpdateRecordMessage } from '../src/index';
import { buildGolden, parseFixture } from './support/golden-cases';

type Json = Record<string, unknown>;
interface MessageJson {
  entry: { fullUrl: string; resource: Json }[];
  [key: string]: unknown;
}

function message(name: keyof typeof fixtures = 'infectedInsectBite'): MessageJson {
  return JSON.parse(JSON.stringify(buildGolden({ name, consultation: parseFixture(fixtures[name]) }).bundle)) as MessageJson;
}

function documentOf(m: MessageJson): MessageJson {
  return m.entry[2]?.resource as unknown as MessageJson;
}

/** The document entry index and resource of the first resource of a type. */
function find(m: MessageJson, type: string): { index: number; resource: Json } {
  const index = documentOf(m).entry.findIndex((e) => e.resource.resourceType === type);
  const entry = documentOf(m).entry[index];
  if (entry === undefined) throw new Error(`no ${type}`);
  return { index, resource: entry.resource };
}

const DOC = 'Bundle.entry[2].resource';

function errors(m: unknown): ValidationIssue[] {
  return validateUpdateRecordMessage(m).issues.filter((i) => i.severity === 'error');
}

function expectError(m: unknown, path: string, code: string): void {
  const found = errors(m);
  expect(
    found.map((i) => [i.path, i.code]),
    JSON.stringify(found, null, 1),
  ).toContainEqual([path, code]);
}

describe('validateUpdateRecordMessage', () => {
  it('passes a built message with no issues at all', () => {
    expect(validateUpdateRecordMessage(message())).toEqual({ valid: true, issues: [] });
  });

  it('rejects something that is not a Bundle object', () => {
    expect(validateUpdateRecordMessage('nope').valid).toBe(false);
    expect(validateUpdateRecordMessage([]).valid).toBe(false);
    expectError({ resourceType: 'Bundle' }, 'Bundle.type', 'required');
  });

  it('rejects a profile outside the allow-list (receiver 20009)', () => {
    const m = message();
    const { index, resource } = find(m, 'Observation');
    (resource.meta as Json).profile = ['https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Observation-1'];
    expectError(m, `${DOC}.entry[${index}].resource.meta.profile[0]`, 'not-supported');
  });

  it('rejects an allow-listed profile on the wrong resource type', () => {
    const m = message();
    const { index, resource } = find(m, 'Condition');
    (resource.meta as Json).profile = ['https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Observation-1'];
    expectError(m, `${DOC}.entry[${index}].resource.meta.profile[0]`, 'value');
  });

  it('rejects a resource type Update Record does not allow (e.g. a safeguarding Flag)', () => {
    const m = message();
    const flagId = '6f1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b';
    documentOf(m).entry.push({ fullUrl: `urn:uuid:${flagId}`, resource: { resourceType: 'Flag', id: flagId, meta: { profile: ['x'] } } });
    expectError(m, `${DOC}.entry[${documentOf(m).entry.length - 1}].resource`, 'not-supported');
  });

  it('rejects a reference that does not resolve, and one that is not urn:uuid', () => {
    const m = message();
    const { index, resource } = find(m, 'Observation');
    resource.subject = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000000' };
    resource.context = { reference: 'Encounter/123' };
    expectError(m, `${DOC}.entry[${index}].resource.subject.reference`, 'not-found');
    expectError(m, `${DOC}.entry[${index}].resource.context.reference`, 'invalid');
  });

  it('rejects a fullUrl that is not the urn:uuid of the resource id', () => {
    const m = message();
    const entry = documentOf(m).entry[3];
    if (entry === undefined) throw new Error('no entry');
    entry.fullUrl = 'urn:uuid:11111111-1111-4111-8111-111111111111';
    expectError(m, `${DOC}.entry[3].fullUrl`, 'invariant');
  });

  it('rejects a reference to the wrong resource type', () => {
    const m = message();
    const { index, resource } = find(m, 'Composition');
    resource.subject = { reference: documentOf(m).entry[1]?.fullUrl };
    expectError(m, `${DOC}.entry[${index}].resource.subject.reference`, 'invalid');
  });

  it('requires a clinical-summary ClinicalImpression', () => {
    const m = message();
    const { resource } = find(m, 'ClinicalImpression');
    (resource.meta as Json).tag = [{ system: 'https://fhir.nhs.uk/CodeSystem/RecordStandardHeadings', code: 'history', display: 'History' }];
    expectError(m, `${DOC}.entry`, 'required');
  });

  it('rejects an invalid blood pressure triplet and a wrong unit', () => {
    const m = message();
    const { index, resource } = find(m, 'Observation');
    // entry order: temperature first, then BP (fixture order)
    const bp = documentOf(m).entry[index + 1]?.resource as Json;
    const components = bp.component as { code: { coding: { code: string }[] }; valueQuantity: Json }[];
    (components[1] as (typeof components)[number]).code.coding[0] = { code: '72313002', system: 'http://snomed.info/sct', display: 'x' } as never;
    (components[0] as (typeof components)[number]).valueQuantity.code = 'mmHg';
    (resource.valueQuantity as Json).code = 'degF';
    expectError(m, `${DOC}.entry[${index + 1}].resource.component`, 'code-invalid');
    expectError(m, `${DOC}.entry[${index + 1}].resource.component[0].valueQuantity.code`, 'code-invalid');
    expectError(m, `${DOC}.entry[${index}].resource.valueQuantity.code`, 'code-invalid');
  });

  it('rejects an NHS number that fails Mod 11, without echoing it', () => {
    const m = message();
    const { index, resource } = find(m, 'Patient');
    const bad = '4857773456';
    ((resource.identifier as Json[])[0] as Json).value = bad;
    expectError(m, `${DOC}.entry[${index}].resource.identifier[0].value`, 'invalid');
    expect(JSON.stringify(validateUpdateRecordMessage(m).issues)).not.toContain(bad);
  });

  it('requires the NHS number verification status', () => {
    const m = message();
    const { index, resource } = find(m, 'Patient');
    delete ((resource.identifier as Json[])[0] as Json).extension;
    expectError(m, `${DOC}.entry[${index}].resource.identifier[0].extension`, 'required');
  });

  it('requires every ITK handling sub-extension and forbids destination', () => {
    const m = message();
    const header = m.entry[0]?.resource as Json;
    const handling = (header.extension as Json[])[0] as Json;
    handling.extension = (handling.extension as Json[]).filter((e) => e.url !== 'SenderReference');
    header.destination = [{ endpoint: 'x' }];
    expectError(m, 'Bundle.entry[0].resource.extension[0].extension', 'required');
    expectError(m, 'Bundle.entry[0].resource.destination', 'structure');
  });

  it('requires event ITK014M', () => {
    const m = message();
    (defined(m.entry[0], 'the MessageHeader entry').resource.event as Json).code = 'ITK008M';
    expectError(m, 'Bundle.entry[0].resource.event.code', 'value');
  });

  it('rejects empty arrays, nulls and blank strings (FHIR JSON rules)', () => {
    const m = message();
    const { index, resource } = find(m, 'Practitioner');
    resource.qualification = [];
    resource.gender = null;
    ((resource.name as Json[])[0] as Json).family = '  ';
    const at = `${DOC}.entry[${index}].resource`;
    expectError(m, `${at}.qualification`, 'structure');
    expectError(m, `${at}.gender`, 'structure');
    expectError(m, `${at}.name[0].family`, 'structure');
  });

  it('requires MedicationDispense performer, full quantity and both dosage texts', () => {
    const m = message();
    const { index, resource } = find(m, 'MedicationDispense');
    delete resource.performer;
    delete (resource.quantity as Json).system;
    delete ((resource.dosageInstruction as Json[])[0] as Json).patientInstruction;
    resource.medicationReference = { reference: documentOf(m).entry[1]?.fullUrl };
    const at = `${DOC}.entry[${index}].resource`;
    expectError(m, `${at}.performer`, 'required');
    expectError(m, `${at}.quantity.system`, 'required');
    expectError(m, `${at}.dosageInstruction[0].patientInstruction`, 'required');
    expectError(m, `${at}.medicationReference`, 'structure');
  });

  it('requires Condition assertedDate, asserter and the presenting-complaints heading', () => {
    const m = message();
    const { index, resource } = find(m, 'Condition');
    delete resource.assertedDate;
    delete resource.asserter;
    delete (resource.meta as Json).tag;
    const at = `${DOC}.entry[${index}].resource`;
    expectError(m, `${at}.assertedDate`, 'required');
    expectError(m, `${at}.asserter`, 'required');
    expectError(m, `${at}.meta.tag`, 'required');
  });

  it('requires Observation.issued as an instant and Encounter period.start', () => {
    const m = message();
    const obs = find(m, 'Observation');
    obs.resource.issued = '2026-03-10';
    const enc = find(m, 'Encounter');
    delete enc.resource.period;
    expectError(m, `${DOC}.entry[${obs.index}].resource.issued`, 'invalid');
    expectError(m, `${DOC}.entry[${enc.index}].resource.period`, 'required');
  });

  it('requires the Composition section to list every clinical resource, with no narrative', () => {
    const m = message();
    const { index, resource } = find(m, 'Composition');
    const section = (resource.section as Json[])[0] as Json;
    section.entry = (section.entry as Json[]).slice(0, 3);
    section.text = { status: 'generated', div: '<div>x</div>' };
    expectError(m, `${DOC}.entry[${index}].resource.section[0].entry`, 'required');
    expectError(m, `${DOC}.entry[${index}].resource.section[0].text`, 'structure');
  });

  it('rejects a heading tag from another code system', () => {
    const m = message();
    const { index, resource } = find(m, 'ClinicalImpression');
    ((resource.meta as Json).tag as Json[])[0] = {
      system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-RecordStandardHeadings',
      code: 'clinical-summary',
      display: 'x',
    };
    expectError(m, `${DOC}.entry[${index}].resource.meta.tag[0].system`, 'value');
  });

  it('never echoes patient text in any issue', () => {
    const m = message();
    const patient = find(m, 'Patient').resource;
    const family = ((patient.name as Json[])[0] as Json).family as string;
    patient.gender = family; // a value in the wrong place must not be quoted back
    const issues = validateUpdateRecordMessage(m).issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(JSON.stringify(issues)).not.toContain(family);
  });
});
