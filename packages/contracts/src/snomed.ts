import { z } from 'zod';
import { hasValidVerhoeffCheckDigit } from './verhoeff';

// SNOMED CT identifier structure (SNOMED CT Technical Implementation Guide, "SCTID data type",
// https://confluence.ihtsdotools.org/display/DOCRELFMT/6.1+SCTID+Data+Type): an item identifier
// with no leading zero, then (long format only) a 7-digit namespace, a 2-digit partition
// identifier and a Verhoeff check digit. Concepts are partition 00 (short) or 10 (long); 01/11
// are descriptions and 02/12 relationships, which are never codes. dm+d VMP, AMP, VMPP, AMPP and
// unit-of-measure ids are concept ids in the UK namespace 1000001 (NHSBSA dm+d data model), so
// the same rule checks them. A mistyped code would otherwise file as a different or unknown concept.

export const SNOMED_ID_RULES = {
  'snomed-format': 'must be a SNOMED CT concept id (6-18 digits, no leading zero)',
  'snomed-partition': 'must be a SNOMED CT concept id (partition 00 or 10), not a description or relationship id',
  'snomed-check-digit': 'must be a SNOMED CT concept id with a valid Verhoeff check digit',
} as const;
export type SnomedIdRule = keyof typeof SNOMED_ID_RULES;

const CONCEPT_PARTITIONS = ['00', '10'];
// Long format: item (>= 1 digit) + namespace (7) + partition (2) + check digit.
const LONG_FORMAT_MIN_LENGTH = 11;

/** The rule a string breaks as a SNOMED CT concept id, or undefined when it is one. Pure. */
export function brokenSnomedIdRule(id: string): SnomedIdRule | undefined {
  if (!/^[1-9][0-9]{5,17}$/.test(id)) return 'snomed-format';
  const partition = id.slice(-3, -1);
  if (!CONCEPT_PARTITIONS.includes(partition)) return 'snomed-partition';
  if (partition === '10' && id.length < LONG_FORMAT_MIN_LENGTH) return 'snomed-partition';
  if (!hasValidVerhoeffCheckDigit(id)) return 'snomed-check-digit';
  return undefined;
}

/**
 * A SNOMED CT concept id: format, partition and check digit. The pattern is what JSON Schema
 * shows; the check is the authority. Each broken rule is one issue whose `params.code` names it.
 */
export const snomedIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{5,17}$/, { message: SNOMED_ID_RULES['snomed-format'], abort: true })
  .superRefine((id, ctx) => {
    const rule = brokenSnomedIdRule(id);
    if (rule !== undefined && rule !== 'snomed-format') ctx.addIssue({ code: 'custom', message: SNOMED_ID_RULES[rule], params: { code: rule } });
  });
