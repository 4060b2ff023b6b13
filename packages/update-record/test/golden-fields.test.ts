// Field-by-field checks of the golden messages on the elements a GP system files or rejects on:
// profiles, codes, NHS number + verification, dm+d, UCUM, BP triplets, GPhC, SDS role, PRSB
// headings, urn:uuid references. Expected values come from docs/update-record-itk3.md, not from the mapper's tables.

import { fixtures } from '@firstsync/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { documentIdentifierFor, type MessageBundle, type Observation } from '../src/index';
import { parts, referencesIn } from './support/bundle-access';
import { amendmentInput, buildGolden, GOLDEN_CASES, parseFixture } from './support/golden-cases';

const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';
const HEADINGS = 'https://fhir.nhs.uk/CodeSystem/RecordStandardHeadings';
const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition/';

const PROFILE_BY_TYPE: Record<string, string> = {
  Composition: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Composition-1',
  Patient: `${SD}CareConnect-GPC-Patient-1`,
  Organization: `${SD}CareConnect-GPC-Organization-1`,
  Practitioner: `${SD}CareConnect-GPC-Practitioner-1`,
  PractitionerRole: `${SD}CareConnect-GPC-PractitionerRole-1`,
  Encounter: `${SD}CareConnect-GPC-Encounter-1`,
  Observation: `${SD}CareConnect-GPC-Observation-1`,
  MedicationDispense: `${SD}CareConnect-GPC-MedicationDispense-1`,
  Condition: `${SD}CareConnect-GPC-Condition-1`,
  ClinicalImpression: `${SD}CareConnect-GPC-ClinicalImpression-1`,
};

function build(name: keyof typeof fixtures): MessageBundle {
  const goldenCase = GOLDEN_CASES.find((c) => c.consultation.consultationId === parseFixture(fixtures[name]).consultationId && c.consultation.version === 1);
  if (goldenCase === undefined) throw new Error(`no golden case for ${name}`);
  return buildGolden(goldenCase).bundle;
}

const snomedCodes = (concept: { coding?: { system: string; code: string }[] } | undefined) =>
  (concept?.coding ?? []).filter((c) => c.system === SNOMED).map((c) => c.code);

function observationsByCode(bundle: MessageBundle): Map<string, Observation[]> {
  const map = new Map<string, Observation[]>();
  for (const o of parts(bundle).ofType('Observation')) {
    const code = snomedCodes(o.code)[0] ?? '';
    map.set(code, [...(map.get(code) ?? []), o]);
  }
  return map;
}

function bpValues(o: Observation | undefined) {
  return o?.component?.map((c) => [snomedCodes(c.code)[0], c.valueQuantity.value, c.valueQuantity.system, c.valueQuantity.code]);
}

function headingsOf(bundle: MessageBundle, type: 'ClinicalImpression' | 'Observation' | 'Condition'): string[] {
  return parts(bundle)
    .ofType(type)
    .flatMap((r) => (r.meta.tag ?? []).filter((t) => t.system === HEADINGS).map((t) => t.code));
}

describe('every golden message', () => {
  for (const goldenCase of GOLDEN_CASES) {
    const bundle = buildGolden(goldenCase).bundle;
    const view = parts(bundle);

    it(`${goldenCase.name}: ITK header, allow-listed profiles and urn:uuid references`, () => {
      expect(bundle.meta.profile).toEqual([`${SD}ITK-Message-Bundle-1`]);
      expect(view.header.meta.profile).toEqual([`${SD}ITK-MessageHeader-2`]);
      expect(view.header.event).toEqual({ system: 'https://fhir.nhs.uk/STU3/CodeSystem/ITK-MessageEvent-2', code: 'ITK014M', display: 'ITK Update Record' });
      expect(view.header.source.endpoint).toBe('FIRSTSYNC01');
      expect(view.header.focus).toEqual([{ reference: `urn:uuid:${view.document.id}` }]);
      expect(view.header.sender.reference).toBe(`urn:uuid:${view.headerOrganization.id}`);
      expect(view.headerOrganization.meta.profile).toEqual([`${SD}CareConnect-ITK-Header-Organization-1`]);
      expect(view.headerOrganization.identifier).toEqual([
        { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: goldenCase.consultation.pharmacy.odsCode },
      ]);
      const handling = view.header.extension[0]?.extension?.map((e) => e.url);
      expect(handling).toEqual(['BusAckRequested', 'InfAckRequested', 'RecipientType', 'MessageDefinition', 'SenderReference', 'LocalExtension']);
      expect(view.document.meta.profile).toEqual([`${SD}ITK-Document-Bundle-1`]);
      for (const resource of view.all) expect(resource.meta.profile).toEqual([PROFILE_BY_TYPE[resource.resourceType]]);

      const fullUrls = new Set(view.document.entry.map((e) => e.fullUrl));
      for (const entry of [...bundle.entry, ...view.document.entry]) expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource.id}`);
      const refs = referencesIn(view.all);
      expect(refs.length).toBeGreaterThan(10);
      for (const ref of refs) expect(fullUrls.has(ref), ref).toBe(true);
    });

    it(`${goldenCase.name}: Composition lists every other resource and carries the service code`, () => {
      const composition = view.one('Composition');
      expect(view.document.entry[0]?.resource.resourceType).toBe('Composition');
      const listed = composition.section[0]?.entry.map((e) => e.reference);
      expect(listed).toEqual(view.all.filter((r) => r.resourceType !== 'Composition').map((r) => `urn:uuid:${r.id}`));
      // Release 1.2.1 moved Pharmacy First's Composition.type only; elsewhere it equals Encounter.reason.
      const service = goldenCase.consultation.service;
      const expected = service === 'pharmacy-first' ? ['2129921000000100'] : snomedCodes(view.one('Encounter').reason[0]);
      expect(snomedCodes(composition.type)).toEqual(expected);
      expect(composition.subject.reference).toBe(`urn:uuid:${view.one('Patient').id}`);
      expect(composition.encounter.reference).toBe(`urn:uuid:${view.one('Encounter').id}`);
    });

    it(`${goldenCase.name}: Patient NHS number, verification status and official name`, () => {
      const patient = view.one('Patient');
      const input = goldenCase.consultation.patient;
      const nhs = patient.identifier.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number');
      expect(nhs?.value).toMatch(/^[0-9]{10}$/);
      expect(nhs?.value).toBe(input.nhsNumber);
      const status = nhs?.extension?.[0];
      expect(status?.url).toBe(`${SD}Extension-CareConnect-GPC-NHSNumberVerificationStatus-1`);
      expect(status?.valueCodeableConcept?.coding?.[0]).toMatchObject({
        system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1',
        code: input.nhsNumberVerified ? '01' : '02',
      });
      expect(patient.name).toEqual([{ use: 'official', family: input.name.family, given: input.name.given }]);
      expect(patient.birthDate).toBe(input.birthDate);
    });

    it(`${goldenCase.name}: a clinical-summary ClinicalImpression and one per note heading`, () => {
      const notes = goldenCase.consultation.notes;
      const expected = [
        ['clinical-summary', notes.clinicalSummary],
        ['history', notes.history],
        ['red-flags', notes.redFlags],
        ['information-and-advice-given', notes.adviceGiven],
        ['plan-and-requested-actions', notes.plan],
        ['signpost-details', notes.signposting],
      ].filter(([, text]) => text !== undefined);
      const actual = view.ofType('ClinicalImpression').map((ci) => [ci.meta.tag?.[0]?.code, ci.summary]);
      expect(actual).toEqual(expected);
      for (const ci of view.ofType('ClinicalImpression')) expect(ci.meta.tag?.[0]?.system).toBe(HEADINGS);
    });
  }
});

describe('pathway, service and clinician specifics', () => {
  const pathwayConditions: [keyof typeof fixtures, string][] = [
    ['sinusitis', '15805002'],
    ['soreThroat', '363746003'],
    ['acuteOtitisMedia', '3110003'],
    ['infectedInsectBite', '276433004'],
    ['impetigo', '48277006'],
    ['shingles', '4740000'],
    ['uncomplicatedUti', '68566005'],
    ['minorIllness', '49727002'],
  ];
  for (const [name, code] of pathwayConditions) {
    it(`${name}: presenting complaint ${code} as a tagged Condition, Pharmacy First service code`, () => {
      const bundle = build(name);
      const [condition] = parts(bundle).ofType('Condition');
      expect(snomedCodes(condition?.code)).toEqual([code]);
      expect(condition?.meta.tag).toEqual([{ system: HEADINGS, code: 'presenting-complaints-or-issues', display: 'Presenting complaints or issues' }]);
      expect(condition?.asserter.reference).toBe(`urn:uuid:${parts(bundle).one('Practitioner').id}`);
      expect(snomedCodes(parts(bundle).one('Composition').type)).toEqual(['2129921000000100']);
    });
  }

  it('a clinical pathway without a complaint gets the pathway default condition', () => {
    const input = { ...fixtures.shingles, presentingComplaints: [] };
    const bundle = buildGolden({ name: 'x', consultation: parseFixture(input) }).bundle;
    expect(
      parts(bundle)
        .ofType('Condition')
        .map((c) => snomedCodes(c.code)),
    ).toEqual([['4740000']]);
  });

  it('service codes: BP check, contraception, urgent supply (unchanged in release 1.2.1)', () => {
    expect(snomedCodes(parts(build('bpCheckNormal')).one('Composition').type)).toEqual(['1659111000000107']);
    expect(snomedCodes(parts(build('bpCheckNormal')).one('Encounter').reason[0])).toEqual(['1659111000000107']);
    expect(snomedCodes(parts(build('contraceptionSupplied')).one('Composition').type)).toEqual(['1659121000000101']);
    expect(snomedCodes(parts(build('contraceptionSupplied')).one('Encounter').reason[0])).toEqual(['1659121000000101']);
    expect(snomedCodes(parts(build('urgentMedicineSupply')).one('Composition').type)).toEqual(['1577321000000100']);
    expect(snomedCodes(parts(build('urgentMedicineSupply')).one('Encounter').reason[0])).toEqual(['1577321000000100']);
  });

  // Release 1.2.1-public-beta ("Representation of the data"): one Composition.type for all of Pharmacy First.
  it('Pharmacy First (minor illness and every pathway): Composition.type 2129921000000100 per release 1.2.1, title to match', () => {
    for (const name of ['minorIllness', 'uncomplicatedUti', 'infectedInsectBite'] as const) {
      const composition = parts(build(name)).one('Composition');
      expect(composition.type).toEqual({
        coding: [{ system: 'http://snomed.info/sct', code: '2129921000000100', display: 'Community Pharmacy Pharmacy First Service' }],
        text: 'Community Pharmacy Pharmacy First Service',
      });
      expect(composition.title).toBe(`${fixtures[name].pharmacy.name} - Community Pharmacy Pharmacy First Service`);
    }
  });

  // 1.2.1 changes Composition.type only; its examples were not found, so Encounter.reason keeps the 1.2.0 code.
  it('Pharmacy First: Encounter.reason stays the CPCS minor-illness code of the 1.2.0 examples', () => {
    expect(snomedCodes(parts(build('shingles')).one('Encounter').reason[0])).toEqual(['1577041000000109']);
  });

  it('pharmacist: GPhC number and SDS role R1290 in the HL7 UK job-role system', () => {
    const view = parts(build('infectedInsectBite'));
    expect(view.one('Practitioner').identifier).toEqual([{ system: 'https://fhir.hl7.org.uk/Id/gphc-number', value: '2212345' }]);
    expect(view.one('PractitionerRole').code[0]?.coding?.[0]).toEqual({
      system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
      code: 'R1290',
      display: 'Pharmacist',
    });
    expect(view.one('Encounter').participant[0]?.type[0]?.coding?.[0]?.code).toBe('REC');
  });

  it('technician: no GPhC number, SDS role R5220 in the fhir.nhs.uk job-role system', () => {
    const view = parts(build('bpCheckNormal'));
    expect(view.one('Practitioner').identifier).toBeUndefined();
    expect(view.one('PractitionerRole').code[0]?.coding?.[0]).toMatchObject({
      system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
      code: 'R5220',
    });
  });

  it('insect bite: lying BP triplet, temperature, heart rate in UCUM; flucloxacillin by dm+d under PGD', () => {
    const bundle = build('infectedInsectBite');
    const obs = observationsByCode(bundle);
    expect(bpValues(obs.get('163033001')?.[0])).toEqual([
      ['407556006', 118, UCUM, 'mm[Hg]'],
      ['407557002', 73, UCUM, 'mm[Hg]'],
    ]);
    expect(obs.get('703421000')?.[0]?.valueQuantity).toMatchObject({ value: 37.4, system: UCUM, code: 'Cel' });
    expect(obs.get('78564009')?.[0]?.valueQuantity).toMatchObject({ value: 82, system: UCUM, code: '{beats}/min' });
    for (const o of parts(bundle).ofType('Observation')) expect(o.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');

    const [dispense] = parts(bundle).ofType('MedicationDispense');
    expect(dispense?.status).toBe('completed');
    expect(dispense?.medicationCodeableConcept.coding).toEqual([
      { system: 'https://dmd.nhs.uk', code: '289411000001107', display: 'Flucloxacillin 500mg capsules' },
    ]);
    expect(dispense?.quantity).toEqual({ value: 20, unit: 'capsule', system: SNOMED, code: '428641000' });
    expect(dispense?.type.coding?.[0]).toMatchObject({
      system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-MedicationSupplyType-1',
      code: 'patient-group-direction',
    });
    expect(dispense?.daysSupply).toEqual({ value: 5, unit: 'day', system: UCUM, code: 'd' });
    expect(dispense?.dosageInstruction).toEqual([
      { text: 'One capsule four times a day for 5 days', patientInstruction: 'Take on an empty stomach, one hour before food or two hours after.' },
    ]);
    expect(dispense?.performer).toHaveLength(1);
  });

  it('BP check normal: sitting triplet and heart rate, no medicine', () => {
    const bundle = build('bpCheckNormal');
    const obs = observationsByCode(bundle);
    expect(bpValues(obs.get('163035008')?.[0])).toEqual([
      ['407554009', 125, UCUM, 'mm[Hg]'],
      ['407555005', 84, UCUM, 'mm[Hg]'],
    ]);
    expect(obs.get('78564009')).toHaveLength(1);
    expect(obs.has('61086009')).toBe(false);
    expect(parts(bundle).ofType('MedicationDispense')).toEqual([]);
  });

  it('BP stage 2, ABPM declined: two readings, procedures-and-therapies finding, pregnancy status, plan', () => {
    const bundle = build('bpCheckStage2AbpmDeclined');
    const obs = observationsByCode(bundle);
    expect(obs.get('163035008')?.map((o) => [o.effectiveDateTime, bpValues(o)?.map((c) => c[1])])).toEqual([
      ['2026-03-10T10:08:00Z', [176, 104]],
      ['2026-03-10T10:12:00Z', [171, 102]],
    ]);
    expect(obs.get('861231000000105')?.[0]?.meta.tag?.[0]?.code).toBe('procedures-and-therapies');
    expect(obs.get('60001007')?.[0]?.meta.tag?.[0]?.code).toBe('pregnancy-status');
    expect(obs.get('60001007')?.[0]?.valueQuantity).toBeUndefined();
    expect(headingsOf(bundle, 'ClinicalImpression')).toContain('plan-and-requested-actions');
  });

  it('contraception supplied: standing BP, self-reported height/weight, BMI, Rigevidon dispensed', () => {
    const bundle = build('contraceptionSupplied');
    const obs = observationsByCode(bundle);
    expect(bpValues(obs.get('163034007')?.[0])?.map((c) => c[0])).toEqual(['400974009', '400975005']);
    expect(obs.get('1162419008')?.[0]?.valueQuantity).toMatchObject({ value: 162.56, code: 'cm', system: UCUM });
    expect(obs.get('784399000')?.[0]?.valueQuantity).toMatchObject({ value: 64, code: 'kg', system: UCUM });
    expect(obs.get('60621009')?.[0]?.valueQuantity).toMatchObject({ value: 24.2, code: 'kg/m2', system: UCUM });
    const [dispense] = parts(bundle).ofType('MedicationDispense');
    expect(dispense?.medicationCodeableConcept.coding?.[0]?.code).toBe('17346711000001106');
    expect(dispense?.type.coding?.[0]?.code).toBe('prescription-dispensing');
    expect(dispense?.quantity).toMatchObject({ value: 252, system: SNOMED, code: '428673006' });
  });

  it('contraception not supplied: no MedicationDispense, advice carried as text', () => {
    const bundle = build('contraceptionNotSupplied');
    expect(parts(bundle).ofType('MedicationDispense')).toEqual([]);
    expect(headingsOf(bundle, 'ClinicalImpression')).toEqual(['clinical-summary', 'information-and-advice-given']);
  });

  it('urgent supply: emergency-supply dispense', () => {
    const [dispense] = parts(build('urgentMedicineSupply')).ofType('MedicationDispense');
    expect(dispense?.type.coding?.[0]?.code).toBe('emergency-supply');
    expect(dispense?.status).toBe('completed');
  });

  it('amendment: version 2 replaces the version 1 document, with new ids', () => {
    const v1 = parseFixture(fixtures.infectedInsectBite);
    const v2 = buildGolden({ name: 'x', consultation: parseFixture(amendmentInput()) });
    const original = buildGolden({ name: 'x', consultation: v1 });
    const composition = parts(v2.bundle).one('Composition');
    expect(composition.meta.versionId).toBe('2');
    expect(composition.relatesTo).toEqual([
      { code: 'replaces', targetIdentifier: { system: 'https://tools.ietf.org/html/rfc4122', value: original.identifiers.documentIdentifier } },
    ]);
    expect(original.identifiers.documentIdentifier).toBe(documentIdentifierFor(v1.consultationId, 1));
    expect(parts(original.bundle).one('Composition').relatesTo).toBeUndefined();
    expect(v2.identifiers.bundleIdentifier).not.toBe(original.identifiers.bundleIdentifier);
    expect(v2.identifiers.documentIdentifier).not.toBe(original.identifiers.documentIdentifier);
    // The Encounter identifier is the consultationId in both, so the GP side can pair them.
    expect(parts(v2.bundle).one('Encounter').identifier).toEqual(parts(original.bundle).one('Encounter').identifier);
  });
});

describe('branches no fixture reaches (coverage-all-branches golden)', () => {
  const goldenCase = GOLDEN_CASES.find((c) => c.name === 'coverage-all-branches');
  if (goldenCase === undefined) throw new Error('missing case');
  const bundle = buildGolden(goldenCase).bundle;
  const obs = observationsByCode(bundle);

  it('codes every other BP method with its triplet', () => {
    expect(bpValues(obs.get('163020007')?.[0])?.map((c) => c[0])).toEqual(['72313002', '1091811000000102']);
    expect(bpValues(obs.get('2181371000000107')?.[0])?.map((c) => c[0])).toEqual(['2181381000000109', '2181391000000106']);
    expect(bpValues(obs.get('335661000000109')?.[0])?.map((c) => c[0])).toEqual(['1162737008', '1162735000']);
    expect(obs.get('2181371000000107')?.[0]?.effectiveDateTime).toBe('2026-03-09T10:00:00Z');
  });

  it('adds a pulse-irregular finding beside the rate; measured height and weight; pregnant', () => {
    expect(obs.get('78564009')?.[0]?.valueQuantity?.value).toBe(96);
    expect(obs.get('61086009')?.[0]?.valueQuantity).toBeUndefined();
    expect(obs.get('50373000')?.[0]?.valueQuantity).toMatchObject({ value: 168, code: 'cm' });
    expect(obs.get('27113001')?.[0]?.valueQuantity).toMatchObject({ value: 81.5, code: 'kg' });
    expect(obs.get('77386006')?.[0]?.meta.tag?.[0]?.code).toBe('pregnancy-status');
    expect(obs.get('271737000')?.[0]?.meta.tag).toBeUndefined();
    expect(obs.get('271737000')?.[0]?.category?.[0]?.coding?.[0]?.code).toBe('social-history');
  });

  it('sends a declined supply as stopped + notDone, never handed over; clinical protocol as text only', () => {
    const [dispense] = parts(bundle).ofType('MedicationDispense');
    expect(dispense?.status).toBe('stopped');
    expect(dispense?.notDone).toBe(true);
    expect(dispense?.whenHandedOver).toBeUndefined();
    expect(dispense?.type).toEqual({ text: 'Clinical protocol' });
    expect(dispense?.daysSupply).toBeUndefined();
  });

  it('carries all six note headings in reading order, and a practitioner with no given name', () => {
    expect(headingsOf(bundle, 'ClinicalImpression')).toEqual([
      'clinical-summary',
      'history',
      'red-flags',
      'information-and-advice-given',
      'plan-and-requested-actions',
      'signpost-details',
    ]);
    expect(parts(bundle).one('Practitioner').name).toEqual([{ family: 'Okonkwo' }]);
  });
});
