// Conformance of every golden message checked by an outside validator: HAPI FHIR's instance
// validator (infra/fhir-validator) against base STU3 and the Update Record profiles in
// shared/fhir/stu3. Zero errors required; known-issues.json excuses only defects of the NHS assets.
// One JVM validates all files (start-up and profile conversion dominate: ~10-45 s on 2 busy cores;
// the first run on a machine also builds the validator with Maven, ~45 s and ~139 MB).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileResult, formatResults, validateFhirFiles } from '../../../infra/fhir-validator/validate.mjs';
import { buildGolden, GOLDEN_CASES, goldenPath } from './support/golden-cases';

// Defects of the shared profiles our messages inevitably meet (see known-issues.json reasons).
const EXPECTED_KNOWN_ISSUES = new Set(['hl7uk-relatedperson-profile-absent']);

const scratch = mkdtempSync(join(tmpdir(), 'update-record-hapi-'));
const brokenPath = join(scratch, 'broken-variant.json');
let results: FileResult[] = [];

function resultFor(file: string): FileResult {
  const result = results.find((r) => r.file === file);
  if (result === undefined) throw new Error(`no validator result for ${file}`);
  return result;
}

beforeAll(async () => {
  // Negative control in the same JVM run: proves the validator sees our files and can fail them.
  const firstCase = GOLDEN_CASES.find((c) => c.name === 'infected-insect-bite');
  if (firstCase === undefined) throw new Error('missing golden case');
  const broken = structuredClone(buildGolden(firstCase).bundle) as unknown as { entry: { resource: Record<string, unknown> }[] };
  const header = broken.entry[0]?.resource;
  if (header === undefined) throw new Error('no MessageHeader');
  delete header.timestamp;
  header.event = { system: 'https://fhir.nhs.uk/STU3/CodeSystem/ITK-MessageEvent-2', code: 'ITK999X', display: 'Not an event' };
  writeFileSync(brokenPath, JSON.stringify(broken));
  results = await validateFhirFiles([...GOLDEN_CASES.map((c) => goldenPath(c.name)), brokenPath], { quietBuild: true });
}, 900_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('HAPI FHIR STU3 conformance of the golden messages', () => {
  for (const goldenCase of GOLDEN_CASES) {
    it(`${goldenCase.name}: zero errors against STU3 and the Update Record profiles`, () => {
      const result = resultFor(goldenPath(goldenCase.name));
      expect(result.errors, formatResults([result])).toEqual([]);
      const excused = new Set(result.knownIssues.map((k) => k.knownIssue));
      expect([...excused].filter((id) => !EXPECTED_KNOWN_ISSUES.has(id))).toEqual([]);
    });
  }

  it('fails a message with a missing timestamp and an unknown ITK event (negative control)', () => {
    const messages = resultFor(brokenPath).errors.map((e) => `${e.resourcePath}: ${e.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^MessageHeader: MessageHeader\.timestamp: minimum required = 1/));
    expect(messages).toContainEqual(expect.stringMatching(/^MessageHeader\.event.*ITK999X/));
  });
});
