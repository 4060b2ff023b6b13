// Conformance of every message the mapper can build, judged by an outside validator: HAPI FHIR's instance
// validator (infra/fhir-validator) against base STU3 and the Update Record profiles vendored in
// infra/fhir-validator/nhs-stu3. Judged: the golden messages, plus the message matrix (every service x
// Pharmacy First element/pathway x outcome, with every observation, medicine and referral shape spread over
// them, and random consultations from the contract's arbitraries; see support/message-matrix.ts).
// Zero errors required and no known issue either: known-issues.json only excuses defects of NHS assets that our
// messages do not meet. One JVM validates all files (start-up and profile conversion dominate; then ~0.3-0.9 s
// per message on 2 cores; the first run on a machine also builds the validator with Maven, ~45 s and ~139 MB).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileResult, formatResults, validateFhirFiles } from '../../../infra/fhir-validator/validate.mjs';
import { buildUpdateRecordMessage } from '../src/index';
import { buildGolden, GOLDEN_CASES, GOLDEN_OPTIONS, goldenPath } from './support/golden-cases';
import { buildMessageMatrix, type MatrixCase, SERVICE_SHAPES } from './support/message-matrix';

const RELATED_PERSON_PROFILE = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-RelatedPerson-1';

type Json = Record<string, unknown>;
interface Entry {
  fullUrl: string;
  resource: Json;
}

const scratch = mkdtempSync(join(tmpdir(), 'update-record-hapi-'));
const brokenPath = join(scratch, 'broken-variant.json');
const relatedPersonPath = join(scratch, 'related-person-performer.json');
const relatedPersonNoPatientPath = join(scratch, 'related-person-performer-no-patient.json');
const matrix: MatrixCase[] = buildMessageMatrix();
const matrixPath = (c: MatrixCase) => join(scratch, `${c.name}.json`);
let results: FileResult[] = [];

function resultFor(file: string): FileResult {
  const result = results.find((r) => r.file === file);
  if (result === undefined) throw new Error(`no validator result for ${file}`);
  return result;
}

function insectBiteBundle(): { entry: Entry[] } {
  const firstCase = GOLDEN_CASES.find((c) => c.name === 'infected-insect-bite');
  if (firstCase === undefined) throw new Error('missing golden case');
  return structuredClone(buildGolden(firstCase).bundle) as unknown as { entry: Entry[] };
}

/**
 * The insect-bite message with one Observation performed by a bundled RelatedPerson (a parent taking the
 * reading): the GPC Observation profile allows CareConnect-RelatedPerson-1 as performer, and the validator
 * must now resolve that profile and judge the RelatedPerson against it. Our builder never sends one.
 */
function relatedPersonVariant(withPatient: boolean): { entry: Entry[] } {
  const message = insectBiteBundle();
  const document = message.entry[2]?.resource as { entry: Entry[] } | undefined;
  const patient = document?.entry.find((e) => e.resource.resourceType === 'Patient');
  const observation = document?.entry.find((e) => e.resource.resourceType === 'Observation');
  if (document === undefined || patient === undefined || observation === undefined) throw new Error('unexpected golden shape');
  const id = '0f6b9d3e-51a2-4c7e-8b1d-2e3f4a5b6c7d';
  document.entry.push({
    fullUrl: `urn:uuid:${id}`,
    resource: {
      resourceType: 'RelatedPerson',
      id,
      meta: { profile: [RELATED_PERSON_PROFILE] },
      ...(withPatient ? { patient: { reference: patient.fullUrl } } : {}),
      relationship: { coding: [{ system: 'http://hl7.org/fhir/v3/RoleCode', code: 'MTH', display: 'mother' }] },
    },
  });
  observation.resource.performer = [{ reference: `urn:uuid:${id}` }];
  return message;
}

beforeAll(async () => {
  // Negative control in the same JVM run: proves the validator sees our files and can fail them.
  const broken = insectBiteBundle();
  const header = broken.entry[0]?.resource;
  if (header === undefined) throw new Error('no MessageHeader');
  delete header.timestamp;
  header.event = { system: 'https://fhir.nhs.uk/STU3/CodeSystem/ITK-MessageEvent-2', code: 'ITK999X', display: 'Not an event' };
  writeFileSync(brokenPath, JSON.stringify(broken));
  writeFileSync(relatedPersonPath, JSON.stringify(relatedPersonVariant(true)));
  writeFileSync(relatedPersonNoPatientPath, JSON.stringify(relatedPersonVariant(false)));
  for (const c of matrix) writeFileSync(matrixPath(c), JSON.stringify(buildUpdateRecordMessage(c.consultation, GOLDEN_OPTIONS).bundle));
  results = await validateFhirFiles(
    [...GOLDEN_CASES.map((c) => goldenPath(c.name)), ...matrix.map(matrixPath), brokenPath, relatedPersonPath, relatedPersonNoPatientPath],
    { quietBuild: true },
  );
}, 900_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Fails with one line per finding of every message that has an error or needed a known-issue excuse. */
function expectAllClean(files: readonly string[]): void {
  const dirty = files.map(resultFor).filter((r) => r.errors.length > 0 || r.knownIssues.length > 0);
  expect(
    dirty.map((r) => r.file),
    formatResults(dirty),
  ).toEqual([]);
}

describe('HAPI FHIR STU3 conformance of the golden messages', () => {
  for (const goldenCase of GOLDEN_CASES) {
    it(`${goldenCase.name}: zero errors against STU3 and the Update Record profiles`, () => {
      expectAllClean([goldenPath(goldenCase.name)]);
    });
  }

  it('fails a message with a missing timestamp and an unknown ITK event (negative control)', () => {
    const messages = resultFor(brokenPath).errors.map((e) => `${e.resourcePath}: ${e.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^MessageHeader: MessageHeader\.timestamp: minimum required = 1/));
    expect(messages).toContainEqual(expect.stringMatching(/^MessageHeader\.event.*ITK999X/));
  });
});

describe('HAPI FHIR STU3 conformance of every message the mapper can build', () => {
  it('validated the whole matrix', () => {
    expect(matrix.length).toBeGreaterThanOrEqual(SERVICE_SHAPES.length * 8);
    for (const c of matrix) expect(resultFor(matrixPath(c)).errors).toBeDefined();
  });

  for (const shape of SERVICE_SHAPES) {
    it(`${shape.label}: every outcome with zero errors`, () => {
      const files = matrix.filter((c) => c.name.includes(`-${shape.label}-`)).map(matrixPath);
      expect(files).toHaveLength(8);
      expectAllClean(files);
    });
  }

  it('random consultations from the contract arbitraries: zero errors', () => {
    const files = matrix.filter((c) => c.name.startsWith('random-')).map(matrixPath);
    expect(files.length).toBeGreaterThan(0);
    expectAllClean(files);
  });
});

describe('CareConnect-RelatedPerson-1 (re-vendored) is resolved and enforced', () => {
  it('passes an Observation performed by a conformant bundled RelatedPerson', () => {
    expectAllClean([relatedPersonPath]);
  });

  it('fails the RelatedPerson that lacks its patient, and never reports the profile as unresolvable', () => {
    const result = resultFor(relatedPersonNoPatientPath);
    const messages = result.errors.map((e) => `${e.resourcePath}: ${e.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^RelatedPerson.*RelatedPerson\.patient: minimum required = 1/));
    expect(messages.join('\n')).not.toContain('Unable to resolve');
    expect(result.knownIssues).toEqual([]);
  });
});
