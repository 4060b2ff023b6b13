// The vendored NHS STU3 assets (nhs-stu3/) are exactly what manifest.json says: every file listed with its
// public source and sha256, nothing unlisted, and CareConnect-RelatedPerson-1 (re-vendored for issue 15) present.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const VENDORED = join(dirname(fileURLToPath(import.meta.url)), '..', 'nhs-stu3');

interface ManifestEntry {
  file: string;
  url?: string;
  role?: string;
  sha256: string;
  source: { repo: string; path: string };
}

const manifest = JSON.parse(readFileSync(join(VENDORED, 'manifest.json'), 'utf8')) as { entries: ManifestEntry[]; examples: ManifestEntry[] };
const listed = [...manifest.entries, ...manifest.examples];

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return xmlFiles(path);
    return name.endsWith('.xml') ? [relative(VENDORED, path).replaceAll('\\', '/')] : [];
  });
}

describe('vendored NHS STU3 assets', () => {
  it('lists every XML file once, with its public source, and nothing that is not there', () => {
    expect(listed.map((e) => e.file).sort()).toEqual(xmlFiles(VENDORED).sort());
    for (const entry of listed) {
      expect(entry.source.repo, entry.file).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(entry.source.path, entry.file).not.toBe('');
    }
  });

  it('holds each file byte-for-byte as recorded (sha256)', () => {
    const mismatched = listed.filter(
      (e) =>
        createHash('sha256')
          .update(readFileSync(join(VENDORED, e.file)))
          .digest('hex') !== e.sha256,
    );
    expect(mismatched.map((e) => e.file)).toEqual([]);
  });

  it('includes HL7 UK CareConnect-RelatedPerson-1 from nhsconnect/CareConnect-profiles', () => {
    const entry = manifest.entries.find((e) => e.url === 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-RelatedPerson-1');
    expect(entry).toMatchObject({
      file: 'hl7uk-careconnect/StructureDefinitions/CareConnect-RelatedPerson-1.xml',
      role: 'reference-target',
      source: { repo: 'nhsconnect/CareConnect-profiles', path: 'constraints/CareConnect-RelatedPerson-1.xml' },
    });
  });
});
