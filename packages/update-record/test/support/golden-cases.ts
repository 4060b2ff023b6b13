import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Consultation, type ConsultationInput, createConsultationSchema } from '@firstsync/contracts';
import { cloneFixture, FIXTURE_NOW, type FixtureName, fixtureNames, fixtures } from '@firstsync/contracts/fixtures';
import { type BuildUpdateRecordOptions, type BuiltUpdateRecordMessage, buildUpdateRecordMessage } from '../../src/index';

/** Fixtures were written against FIXTURE_NOW; parsing with that clock keeps them valid forever. */
export const fixtureSchema = createConsultationSchema({ now: () => FIXTURE_NOW });

/** The options every golden is built with: fixed so the bytes never depend on when tests run. */
export const GOLDEN_OPTIONS: BuildUpdateRecordOptions = {
  builtAt: '2026-03-10T18:00:00Z',
  senderMeshMailbox: 'FIRSTSYNC01',
};

export interface GoldenCase {
  /** File name stem under test/golden/. */
  readonly name: string;
  readonly consultation: Consultation;
}

export function parseFixture(input: ConsultationInput): Consultation {
  return fixtureSchema.parse(input);
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Version 2 of the insect-bite consultation: the pharmacist corrected the advice text. */
export function amendmentInput(): ConsultationInput {
  const amended = cloneFixture('infectedInsectBite');
  amended.version = 2;
  amended.notes = { ...amended.notes, adviceGiven: 'Complete the 5-day course. Seek help urgently if redness spreads or fever develops.' };
  return amended;
}

/**
 * Branches no fixture reaches, in one consultation so HAPI checks them too: every other BP method,
 * irregular pulse, measured height/weight, pregnant, a plain coded finding, every note heading, a
 * declined supply under a clinical protocol (no supply-type code), a clinician with no given name.
 */
export function allBranchesInput(): ConsultationInput {
  const input = cloneFixture('bpCheckStage2AbpmDeclined');
  input.consultationId = '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e99';
  input.clinician = { name: { given: [], family: 'Okonkwo' }, role: 'pharmacist', gphcNumber: '2054321' };
  input.observations = [
    { kind: 'blood-pressure', systolic: 150, diastolic: 95 },
    { kind: 'blood-pressure', systolic: 148, diastolic: 94, method: 'ambulatory-average', effectiveAt: '2026-03-09T10:00:00Z' },
    { kind: 'blood-pressure', systolic: 146, diastolic: 92, method: 'home-average', effectiveAt: '2026-03-08T10:00:00Z' },
    { kind: 'blood-pressure', systolic: 152, diastolic: 96, method: 'lying' },
    { kind: 'heart-rate', value: 96, irregular: true },
    { kind: 'height', value: 168 },
    { kind: 'weight', value: 81.5 },
    { kind: 'bmi', value: 28.9 },
    { kind: 'pregnancy-status', value: 'pregnant' },
    { kind: 'coded-finding', code: '271737000', display: 'Anaemia' },
  ];
  input.notes = {
    clinicalSummary: 'Raised BP in pregnancy with irregular pulse: same-day referral.',
    history: '24 weeks pregnant. Headaches for 2 days.',
    redFlags: 'Raised BP in pregnancy with headache: possible pre-eclampsia.',
    adviceGiven: 'Attend maternity assessment unit today.',
    plan: 'Maternity unit contacted by telephone.',
    signposting: 'Maternity assessment unit.',
  };
  input.medicinesSupplied = [
    {
      dmdCode: '39720311000001101',
      name: 'Paracetamol 500mg tablets',
      quantity: { value: 16, unitCode: '428673006', unit: 'tablet' },
      supplyType: 'clinical-protocol',
      dosageText: 'Two tablets up to four times a day',
      patientInstruction: 'Leave at least 4 hours between doses.',
      status: 'declined',
    },
  ];
  input.outcome = 'urgent-escalation';
  return input;
}

/** Fixtures that produce a message: every one the patient agreed to share. */
export const SHARED_FIXTURES: readonly FixtureName[] = fixtureNames.filter((name) => fixtures[name].consentToShareWithGp);

export const GOLDEN_CASES: readonly GoldenCase[] = [
  ...SHARED_FIXTURES.map((name) => ({ name: kebab(name), consultation: parseFixture(fixtures[name]) })),
  { name: 'infected-insect-bite-amendment-v2', consultation: parseFixture(amendmentInput()) },
  { name: 'coverage-all-branches', consultation: parseFixture(allBranchesInput()) },
];

export function goldenPath(name: string): string {
  return fileURLToPath(new URL(`../golden/${name}.json`, import.meta.url));
}

export function buildGolden(goldenCase: GoldenCase): BuiltUpdateRecordMessage {
  return buildUpdateRecordMessage(goldenCase.consultation, GOLDEN_OPTIONS);
}

/** The exact bytes a golden file holds: 2-space JSON and a final newline. */
export function serialise(built: BuiltUpdateRecordMessage): string {
  return `${JSON.stringify(built.bundle, null, 2)}\n`;
}

/** UPDATE_GOLDEN=1 rewrites the files instead of comparing; review the diff before committing. */
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

export function readGolden(name: string): string {
  return readFileSync(goldenPath(name), 'utf8');
}

export function writeGolden(name: string, content: string): void {
  writeFileSync(goldenPath(name), content);
}
