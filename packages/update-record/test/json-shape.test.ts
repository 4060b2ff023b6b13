// FHIR JSON shape rules, one defect at a time in an otherwise valid message: the validator first
// scans a message quickly and only walks it path by path when something looks wrong, so each
// defect must on its own be enough to produce its issue (with its exact path).

import { fixtures } from '@firstsync/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { validateUpdateRecordMessage } from '../src/index';
import { buildGolden, parseFixture } from './support/golden-cases';

type Json = Record<string, unknown>;

function patientOf(message: Json): Json {
  const document = ((message.entry as Json[])[2] as Json).resource as Json;
  const entry = (document.entry as Json[]).find((e) => (e.resource as Json).resourceType === 'Patient') as Json;
  return entry.resource as Json;
}

function patientPath(message: Json): string {
  const document = ((message.entry as Json[])[2] as Json).resource as Json;
  const index = (document.entry as Json[]).findIndex((e) => (e.resource as Json).resourceType === 'Patient');
  return `Bundle.entry[2].resource.entry[${index}].resource`;
}

function validMessage(): Json {
  return JSON.parse(JSON.stringify(buildGolden({ name: 'infectedInsectBite', consultation: parseFixture(fixtures.infectedInsectBite) }).bundle)) as Json;
}

function structureIssues(message: Json): { path: string; message: string }[] {
  return validateUpdateRecordMessage(message)
    .issues.filter((i) => i.code === 'structure')
    .map(({ path, message: text }) => ({ path, message: text }));
}

describe('FHIR JSON shape rules', () => {
  it('the unmodified message has no shape issue', () => {
    expect(structureIssues(validMessage())).toEqual([]);
  });

  it.each<[string, (patient: Json) => void, string, string]>([
    [
      'a control character at the end of a string',
      (p) => (((p.name as Json[])[0] as Json).family = 'Smith\u0007'),
      'name[0].family',
      'strings must not contain control characters other than tab, CR and LF',
    ],
    [
      'a control character at the start of a string',
      (p) => (p.gender = '\u0000female'),
      'gender',
      'strings must not contain control characters other than tab, CR and LF',
    ],
    ['an empty string', (p) => (p.gender = ''), 'gender', 'strings must contain non-whitespace content'],
    ['a string of non-ASCII whitespace only', (p) => (p.gender = '\u00a0\u2003'), 'gender', 'strings must contain non-whitespace content'],
    ['a null', (p) => (p.gender = null), 'gender', 'null is not allowed in FHIR JSON'],
    ['an empty array', (p) => (p.address = []), 'address', 'empty arrays are not allowed in FHIR JSON'],
    ['an empty object', (p) => (p.address = [{}]), 'address[0]', 'empty objects are not allowed in FHIR JSON'],
    ['a non-finite number', (p) => (p.multipleBirthInteger = Number.NaN), 'multipleBirthInteger', 'numbers must be finite'],
    ['an infinite number', (p) => (p.multipleBirthInteger = Number.POSITIVE_INFINITY), 'multipleBirthInteger', 'numbers must be finite'],
    ['a value JSON cannot carry', (p) => (p.deceasedBoolean = undefined), 'deceasedBoolean', 'only JSON values are allowed'],
  ])('reports %s with its path', (_label, breakIt, element, expected) => {
    const message = validMessage();
    breakIt(patientOf(message));
    expect(structureIssues(message)).toContainEqual({ path: `${patientPath(message)}.${element}`, message: expected });
    expect(validateUpdateRecordMessage(message).valid).toBe(false);
  });

  it('finds a control character after more than a megabyte of clean text (the quick scan works in chunks)', () => {
    const message = validMessage();
    const patient = patientOf(message);
    patient.gender = 'x'.repeat(1_100_000);
    ((patient.name as Json[])[0] as Json).family = 'Smith\u0002';
    expect(structureIssues(message)).toContainEqual({
      path: `${patientPath(message)}.name[0].family`,
      message: 'strings must not contain control characters other than tab, CR and LF',
    });
  });

  it('accepts tab, CR and LF inside text', () => {
    const message = validMessage();
    ((patientOf(message).name as Json[])[0] as Json).family = 'Smith\tJones\r\nSmith';
    expect(structureIssues(message)).toEqual([]);
  });
});
