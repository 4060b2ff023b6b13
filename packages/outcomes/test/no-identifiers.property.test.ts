import { type Consultation, calendarDateOfInstant, consultationPartSchema, createConsultationSchema, normaliseNhsNumber } from '@firstsync/contracts';
import { ARBITRARY_LATEST_START, acceptedTextArbitrary, consultationArbitrary } from '@firstsync/contracts/arbitraries';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consultationPartOf } from '../src/index';

// The consultation part must carry no patient identity and no free text: no NHS number, name,
// birth date, postcode, clinician, notes, presenting complaint or finding text, dosage text,
// instruction, medicine or unit name, referral reference, pharmacy or practice name.

const schema = createConsultationSchema({ now: () => ARBITRARY_LATEST_START });
const KEY = 'f'.repeat(64);

// Every free-text field of the contract. Each value is marked with a sentinel, so a leak of any of
// them, however short the generated text, shows as the sentinel in the fact.
const TEXT_KEYS = new Set(['given', 'family', 'name', 'display', 'unit', 'dosageText', 'patientInstruction', 'reference']);
const NOTE_KEYS = new Set(['clinicalSummary', 'history', 'redFlags', 'adviceGiven', 'plan', 'signposting']);
const SENTINEL = 'ZQ#';

function markText(value: unknown, key: string | undefined, marked: string[]): unknown {
  if (typeof value === 'string') {
    if (key === undefined || !(TEXT_KEYS.has(key) || NOTE_KEYS.has(key))) return value;
    const text = `${SENTINEL}${marked.length}#${value}`;
    marked.push(text);
    return text;
  }
  // An array's items belong to the array's key (given names).
  if (Array.isArray(value)) return value.map((item) => markText(item, key, marked));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markText(v, k, marked)]));
  }
  return value;
}

/** What of the consultation's identifying or free-text content appears in `json`, by field. */
function leaks(c: Consultation, marked: readonly string[], json: string): string[] {
  const found: string[] = [];
  const has = (needle: string) => needle.length > 0 && json.includes(needle);
  const hasDigits = (digits: string) => new RegExp(`(?<![0-9])${digits}(?![0-9])`).test(json);
  if (json.includes(SENTINEL) || marked.some(has)) found.push('free text');
  const nhs = normaliseNhsNumber(c.patient.nhsNumber);
  if (hasDigits(nhs) || has(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`)) found.push('NHS number');
  if (c.patient.birthDate !== calendarDateOfInstant(c.startedAt) && (has(c.patient.birthDate) || hasDigits(c.patient.birthDate.replaceAll('-', '')))) {
    found.push('birth date');
  }
  const postcode = c.patient.postcode;
  if (postcode !== undefined && [postcode, postcode.replace(/\s+/g, ''), postcode.toLowerCase()].some(has)) found.push('postcode');
  if (c.clinician.gphcNumber !== undefined && hasDigits(c.clinician.gphcNumber)) found.push('GPhC number');
  if (has(c.consultationId)) found.push('consultation id');
  if (has(c.startedAt) || (c.endedAt !== undefined && has(c.endedAt))) found.push('time of day');
  return found;
}

describe('the consultation part carries no identifier and no free text', () => {
  it('for every generated consultation, whatever its text', () => {
    fc.assert(
      fc.property(consultationArbitrary, acceptedTextArbitrary('multi-line', 200), (input, hardText) => {
        const parsed = schema.parse(input);
        const marked: string[] = [];
        const c = markText({ ...parsed, notes: { ...parsed.notes, history: hardText } }, undefined, marked) as Consultation;
        const part = consultationPartOf(c, KEY);
        const json = JSON.stringify(part);
        expect(leaks(c, marked, json)).toEqual([]);
        // Strict: the part has no field beyond the schema's.
        expect(consultationPartSchema.parse(JSON.parse(json))).toEqual(part);
      }),
      { numRuns: 300 },
    );
  });

  it('the check finds a leak when there is one (it can fail)', () => {
    fc.assert(
      fc.property(consultationArbitrary, (input) => {
        const marked: string[] = [];
        const c = markText(schema.parse(input), undefined, marked) as Consultation;
        const json = JSON.stringify(consultationPartOf(c, KEY));
        expect(leaks(c, marked, `${json}${c.patient.name.family}`)).toContain('free text');
        expect(leaks(c, marked, `${json}"${c.patient.nhsNumber}"`)).toContain('NHS number');
        expect(leaks(c, marked, `${json}${c.consultationId}`)).toContain('consultation id');
      }),
      { numRuns: 50 },
    );
  });
});
