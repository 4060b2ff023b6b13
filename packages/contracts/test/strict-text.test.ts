import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptedTextArbitrary, refusedTextArbitrary } from '../src/arbitraries';
import { fixtures } from '../src/fixtures';
import { toJsonSchema, zodIssuesToProblemErrors } from '../src/index';
import { brokenTextRule, TEXT_PATTERNS, type TextLines } from '../src/text-rules';
import { schemaAtFixtureTime } from './support/consultation-cases';
import { edit } from './support/edit';

// Issue 18: a clinical summary made only of zero-width characters, and NUL/ESC in free text, were
// accepted. Every text and name field of the contract now refuses them, each with its own path.

/** infectedInsectBite with every optional text field filled in, so every text field is present. */
const everyTextField = edit(fixtures.infectedInsectBite, {
  referral: { source: 'nhs-111', reference: '111-2026-0310-48213' },
  'patient.registeredPractice.name': 'Harbour View Surgery',
  'patient.name.given': ['Kwame', 'Kofi'],
  'clinician.name.given': ['Anna'],
  'observations.3': { kind: 'coded-finding', code: '314137006', display: 'Urine nitrite positive' },
  'notes.redFlags': 'None',
  'notes.plan': 'Review in 3 days',
  'notes.signposting': 'NHS 111',
});

const SINGLE_LINE_FIELDS = [
  'pharmacy.name',
  'clinician.name.given.0',
  'clinician.name.family',
  'patient.name.given.0',
  'patient.name.given.1',
  'patient.name.family',
  'patient.registeredPractice.name',
  'referral.reference',
  'presentingComplaints.0.display',
  'observations.3.display',
  'medicinesSupplied.0.name',
  'medicinesSupplied.0.quantity.unit',
] as const;
const MULTI_LINE_FIELDS = [
  'notes.clinicalSummary',
  'notes.history',
  'notes.redFlags',
  'notes.adviceGiven',
  'notes.plan',
  'notes.signposting',
  'medicinesSupplied.0.dosageText',
  'medicinesSupplied.0.patientInstruction',
] as const;

/** Each attack as the probe made it (and its near relatives), with the rule it must be refused by. */
const HOSTILE: readonly [label: string, text: string, code: string][] = [
  ['only zero-width characters', '\u200B\u200C\u200D', 'blank'],
  ['zero-width, word joiner and BOM', '\u200B\u2060\uFEFF', 'blank'],
  ['spaces and a soft hyphen', ' \u00AD \u3164 ', 'blank'],
  ['a NUL', 'Sore throat\u0000', 'control_character'],
  ['an ESC sequence', '\u001B[31mSore throat', 'control_character'],
  ['DEL', 'Sore\u007F throat', 'control_character'],
  ['a C1 control (NEL)', 'Sore\u0085throat', 'control_character'],
  ['an unpaired high surrogate', 'Sore throat\uD800', 'unpaired_surrogate'],
  ['an unpaired low surrogate', '\uDC00Sore throat', 'unpaired_surrogate'],
  ['U+FFFD left by a lossy decoder', 'Sore \uFFFD throat', 'replacement_character'],
  ['a noncharacter', 'Sore throat\uFFFE', 'noncharacter'],
  ['an astral noncharacter', 'Sore throat\u{10FFFF}', 'noncharacter'],
];

function errorsOf(input: unknown) {
  const result = schemaAtFixtureTime.safeParse(input);
  return result.success ? [] : zodIssuesToProblemErrors(result.error.issues);
}

describe('strict text in every text and name field', () => {
  it('the base document is valid (so every refusal below is caused by the edit)', () => {
    expect(errorsOf(everyTextField)).toEqual([]);
  });

  for (const path of [...SINGLE_LINE_FIELDS, ...MULTI_LINE_FIELDS]) {
    it.each(HOSTILE)(`${path}: refuses %s, naming the field and the rule`, (_label, text, code) => {
      const errors = errorsOf(edit(everyTextField, { [path]: text }));
      expect(errors.map((e) => [e.path, e.code])).toEqual([[path, code]]);
      expect(errors[0]?.message).not.toContain(text);
    });
  }

  it.each(SINGLE_LINE_FIELDS)('%s: refuses tabs and line breaks (one line only)', (path) => {
    for (const text of ['Harbour\tView', 'Harbour\nView', 'Harbour\r\nView', 'Harbour\u2028View']) {
      expect(errorsOf(edit(everyTextField, { [path]: text })).map((e) => [e.path, e.code])).toEqual([[path, 'control_character']]);
    }
  });

  it.each(MULTI_LINE_FIELDS)('%s: accepts tabs and line breaks, and refuses text that is only those', (path) => {
    expect(errorsOf(edit(everyTextField, { [path]: 'Line one.\r\n\tLine two.\nLine three.' }))).toEqual([]);
    expect(errorsOf(edit(everyTextField, { [path]: '\n\t\r\n\u200B' })).map((e) => [e.path, e.code])).toEqual([[path, 'blank']]);
  });

  it.each([...SINGLE_LINE_FIELDS, ...MULTI_LINE_FIELDS])('%s: accepts real-world text beyond ASCII', (path) => {
    // Names carry letters only (their own rule); other fields any script, emoji and joiners.
    const text = path.includes('.name.') ? 'Nguyễn O\u2019Sullivan-Łukasiewicz' : 'Nguyễn, O\u2019Sullivan 😀 👩\u200D⚕️ مرحبا (RTL)';
    expect(errorsOf(edit(everyTextField, { [path]: text }))).toEqual([]);
  });
});

describe('the JSON Schema pattern of the text rules', () => {
  const lines: TextLines[] = ['single-line', 'multi-line'];

  it.each(lines)('%s: never refuses what the zod check accepts (every BMP code point, alone and in text)', (kind) => {
    const pattern = TEXT_PATTERNS[kind];
    const disagreements: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp += 1) {
      const char = String.fromCharCode(cp);
      for (const text of [char, `a${char}b`]) {
        if (brokenTextRule(text, kind) === undefined && !pattern.test(text)) disagreements.push(cp.toString(16));
      }
    }
    expect(disagreements).toEqual([]);
  });

  it.each(lines)('%s: refuses every attack of the probe too, so a fuzzer reading the schema generates them as invalid', (kind) => {
    // Unpaired surrogates and astral noncharacters are left to the zod check (see text-rules.ts).
    for (const [, text] of HOSTILE.filter(([, , code]) => code !== 'unpaired_surrogate').filter(([label]) => label !== 'an astral noncharacter')) {
      expect(TEXT_PATTERNS[kind].test(text), JSON.stringify(text)).toBe(false);
    }
  });

  it('is in the published JSON Schema of every text field', () => {
    const schema = JSON.stringify(toJsonSchema(schemaAtFixtureTime));
    const single = JSON.stringify(TEXT_PATTERNS['single-line'].source);
    const multi = JSON.stringify(TEXT_PATTERNS['multi-line'].source);
    expect(schema.split(single).length - 1).toBe(11);
    expect(schema.split(multi).length - 1).toBe(8);
  });
});

describe('the text arbitraries other property tests use', () => {
  const lines: TextLines[] = ['single-line', 'multi-line'];
  it.each(lines)('%s: accepted text passes the field, refused text is refused by it', (kind) => {
    const field = kind === 'single-line' ? 'pharmacy.name' : 'notes.clinicalSummary';
    fc.assert(
      fc.property(acceptedTextArbitrary(kind, 200), refusedTextArbitrary(kind), (accepted, refused) => {
        expect(errorsOf(edit(everyTextField, { [field]: accepted }))).toEqual([]);
        expect(errorsOf(edit(everyTextField, { [field]: refused })).map((e) => e.path)).toEqual([field]);
      }),
      { numRuns: 300 },
    );
  });
});
