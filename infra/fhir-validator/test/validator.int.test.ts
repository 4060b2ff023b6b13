// Offline HAPI FHIR STU3 validator: a broken resource is reported, a valid one passes, the official NHS examples
// produce only known (NHS-asset) issues, and known-issues.json excuses nothing beyond its narrow entries.
// One JVM run serves every case (JVM start + loading the profiles is the slow part, ~10 s; the first run on a
// machine also builds the validator with Maven).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyKnownIssues,
  defaultProfileDir,
  type FileResult,
  formatResults,
  loadKnownIssues,
  resourcePath,
  runValidator,
  type ValidationReport,
} from '../validate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => join(here, 'fixtures', name);
const examplesDir = join(defaultProfileDir(), 'examples');
const nhsMessages = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => join(examplesDir, f));

const files = {
  valid: fixture('valid-patient.json'),
  broken: fixture('broken-message-bundle.json'),
  unknownProfile: fixture('unknown-profile-patient.json'),
  r5220: fixture('practitionerrole-hl7uk-R5220.json'),
  unknownCode: fixture('practitionerrole-hl7uk-unknown-code.json'),
  relatedPerson: fixture('relatedperson-careconnect.json'),
  relatedPersonNoPatient: fixture('relatedperson-careconnect-no-patient.json'),
};

const RELATED_PERSON_PROFILE = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-RelatedPerson-1';

let report: ValidationReport;
const result = (file: string): FileResult => {
  const r = report.results.find((x) => x.file === file);
  if (!r) throw new Error(`no result for ${file}`);
  return r;
};

beforeAll(async () => {
  report = await runValidator([...Object.values(files), ...nhsMessages]);
}, 900_000);

describe('HAPI FHIR STU3 validator', () => {
  it('loads the NHS profiles and repairs the ITK Bundle snapshots', () => {
    expect(report.hapiVersion).toMatch(/^8\./);
    expect(report.profiles.structureDefinitions).toBeGreaterThanOrEqual(60);
    expect(report.profiles.valueSets).toBeGreaterThanOrEqual(50);
    expect(report.profiles.codeSystems).toBeGreaterThanOrEqual(30);
    expect(report.profiles.snapshotRepairs).toContain('https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Message-Bundle-1#Bundle.entry.resource.meta');
  });

  it('passes a valid minimal STU3 resource', () => {
    const r = result(files.valid);
    expect(r.errors, formatResults([r])).toEqual([]);
    expect(r.knownIssues).toEqual([]);
  });

  it('reports a broken message bundle: wrong Bundle.type code and missing required elements', () => {
    const r = result(files.broken);
    const messages = r.errors.map((e) => `${e.resourcePath}: ${e.message}`);
    expect(r.errors.every((e) => e.severity === 'error' || e.severity === 'fatal')).toBe(true);
    expect(messages).toContainEqual(expect.stringMatching(/^Bundle\.type: .*'mesage'.*fixed to 'message'/));
    expect(messages).toContainEqual(expect.stringMatching(/^Bundle\.type: .*not found in the value set 'BundleType'/));
    // base STU3 and the declared ITK-MessageHeader-2 profile both require event/source/timestamp
    expect(messages).toContainEqual(
      expect.stringMatching(/MessageHeader\.event: minimum required = 1.*http:\/\/hl7\.org\/fhir\/StructureDefinition\/MessageHeader/),
    );
    expect(messages).toContainEqual(expect.stringMatching(/MessageHeader\.sender: minimum required = 1.*ITK-MessageHeader-2/));
    expect(r.knownIssues).toEqual([]);
  });

  it('treats a meta.profile it cannot resolve as an error', () => {
    const r = result(files.unknownProfile);
    expect(r.errors.map((e) => e.message)).toContainEqual(
      expect.stringContaining("Profile reference 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Patient-99'"),
    );
  });

  // CareConnect-RelatedPerson-1 was missing from the first vendored set (known issue
  // hl7uk-relatedperson-profile-absent, now retired): the profile must load and judge RelatedPerson resources.
  it('validates RelatedPerson against the vendored CareConnect-RelatedPerson-1 profile', () => {
    const valid = result(files.relatedPerson);
    expect(valid.errors, formatResults([valid])).toEqual([]);
    expect(valid.knownIssues).toEqual([]);
    const broken = result(files.relatedPersonNoPatient);
    const messages = broken.errors.map((e) => `${e.resourcePath}: ${e.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/RelatedPerson\.patient: minimum required = 1/));
    expect(messages.join('\n')).not.toContain('Unable to resolve');
    expect(broken.knownIssues).toEqual([]);
  });

  it('excuses only the HL7 UK SDS job role gap (R5220), not other unknown codes', () => {
    const excused = result(files.r5220);
    expect(excused.errors, formatResults([excused])).toEqual([]);
    expect(excused.knownIssues.map((k) => k.knownIssue)).toContain('hl7uk-sds-job-role-lacks-R5220');
    const r = result(files.unknownCode);
    expect(r.errors.map((e) => e.message)).toContainEqual(expect.stringContaining('SDSJobRoleName-1#R9999'));
  });

  it('finds nothing but known NHS-asset issues in the six official Update Record examples', () => {
    expect(nhsMessages).toHaveLength(6);
    for (const file of nhsMessages) {
      const r = result(file);
      expect(r.errors, formatResults([r])).toEqual([]);
    }
    const bp1 = result(join(examplesDir, 'blood-pressure-check-service--example-1.xml'));
    expect(bp1.knownIssues.map((k) => k.knownIssue)).toContain('nhs-example-bp1-profile-url-leading-spaces');
  });
});

describe('known-issue matching (no JVM)', () => {
  const known = loadKnownIssues();
  const issue = (location: string, message: string) => ({
    severity: 'error' as const,
    location,
    message,
    resourcePath: resourcePath(location),
  });

  it('no longer excuses an unresolvable CareConnect-RelatedPerson-1 target profile (retired entry)', () => {
    expect(known.map((k) => k.id)).not.toContain('hl7uk-relatedperson-profile-absent');
    const [r] = applyKnownIssues(
      [
        {
          file: '/tmp/our-message.json',
          errors: [
            {
              ...issue(
                'Bundle.entry[2].resource/*Bundle/b*/.entry[6].resource/*Observation/o*/.performer[0]',
                `Unable to resolve the profile reference '${RELATED_PERSON_PROFILE}'`,
              ),
              messageId: 'Reference_REF_CantResolveProfile',
            },
          ],
        },
      ],
      known,
    );
    expect(r?.errors).toHaveLength(1);
  });

  it('derives the path relative to the innermost bundled resource', () => {
    expect(resourcePath('Bundle.entry[2].resource/*Bundle/b*/.entry[4].resource/*PractitionerRole/x*/.code[0]')).toBe('PractitionerRole.code[0]');
    expect(resourcePath('Patient.gender')).toBe('Patient.gender');
  });

  it('keeps an example-scoped entry away from other files', () => {
    const location = 'Bundle.entry[0].resource/*MessageHeader/m*/.meta.profile[0]';
    const message = "URI values cannot have whitespace(' https://fhir.nhs.uk/STU3/StructureDefinition/ITK-MessageHeader-2')";
    const [ours, theirs] = applyKnownIssues(
      [
        { file: '/tmp/our-message.json', errors: [issue(location, message)] },
        { file: '/x/shared/fhir/stu3/examples/blood-pressure-check-service--example-1.xml', errors: [issue(location, message)] },
      ],
      known,
    );
    expect(ours?.errors).toHaveLength(1);
    expect(theirs?.errors).toHaveLength(0);
    expect(theirs?.knownIssues[0]?.knownIssue).toBe('nhs-example-bp1-profile-url-leading-spaces');
  });
});
