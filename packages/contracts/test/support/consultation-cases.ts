import { expect } from 'vitest';
import { FIXTURE_NOW, type FixtureName, fixtures } from '../../src/fixtures';
import {
  bloodPressureMethods,
  clinicianRoles,
  createConsultationSchema,
  genders,
  medicineStatuses,
  outcomes,
  pharmacyFirstElements,
  pharmacyFirstPathways,
  pregnancyStatuses,
  referralSources,
  services,
  supplyTypes,
  zodIssuesToProblemErrors,
} from '../../src/index';
import { type Edits, edit } from './edit';

/** One row of a rule table: a fixture, the edits to apply, and the paths expected to fail. */
export interface RuleCase {
  rule: string;
  fixture?: FixtureName;
  edits: Edits;
  /** Expected failing paths (exactly these); omitted means the variant must be valid. */
  fails?: string | string[];
}

// Contract codes may appear in messages ("must not be 'completed' when outcome is 'no-supply'");
// they are not patient data, so the no-echo check skips them.
const CONTRACT_CODES = new Set<string>([
  ...services,
  ...outcomes,
  ...referralSources,
  ...genders,
  ...clinicianRoles,
  ...pharmacyFirstElements,
  ...pharmacyFirstPathways,
  ...bloodPressureMethods,
  ...pregnancyStatuses,
  ...supplyTypes,
  ...medicineStatuses,
]);

export const schemaAtFixtureTime = createConsultationSchema({ now: () => FIXTURE_NOW });

export function checkCase({ fixture = 'sinusitis', edits, fails }: RuleCase): void {
  const input = edit(fixtures[fixture], edits);
  const result = schemaAtFixtureTime.safeParse(input);
  if (fails === undefined) {
    expect(result.error?.issues ?? []).toEqual([]);
    return;
  }
  expect(result.success).toBe(false);
  const errors = result.success ? [] : zodIssuesToProblemErrors(result.error.issues);
  expect(errors.map((e) => e.path).sort()).toEqual([fails].flat().sort());
  // No PII in errors: no message may repeat a value we sent.
  for (const value of Object.values(edits)) {
    if (typeof value !== 'string' || value.length < 4 || CONTRACT_CODES.has(value)) continue;
    for (const e of errors) expect(e.message).not.toContain(value);
  }
}
