import fc from 'fast-check';
import { brokenTextRule, type TextLines } from './text-rules';

// fast-check arbitraries for the text rules (text-rules.ts): text from every Unicode plane with
// the characters that break transports and renderers over-represented, for property tests that
// must show whatever the contract accepts can be carried, and that hostile text is refused.

/** Characters that are legal but hard: combining marks, RTL and bidi marks, joiners, emoji, astral letters. */
const HARD_VALID = [
  '\u0301',
  '\u0323',
  '\u05D0',
  '\u0645',
  '\u200F',
  '\u200E',
  '\u200D',
  '\u200C',
  '\u2060',
  '\u00AD',
  '\u2019',
  '\u0141',
  '\u1EC5',
  '\u00FF',
  '\u0100',
  '\u4E2D',
  '\u{1F600}',
  '\u{1F469}\u200D\u2695\uFE0F',
  '\u{20BB7}',
  '\u{1D49C}',
  '"',
  '\\',
  '<',
  '&',
  ']]>',
  '\u00A0',
  '\u3000',
  ' ',
];

/** One character (or code unit) that breaks a rule in any field. */
const ALWAYS_REFUSED = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001B',
  '\u001F',
  '\u007F',
  '\u0080',
  '\u0085',
  '\u009F',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uFFFD',
  '\uFFFE',
  '\uFFFF',
  '\uFDD0',
  '\u{1FFFE}',
  '\u{10FFFF}',
];
/** Allowed in notes, refused on one line. */
const LINE_BREAKS = ['\t', '\n', '\r', '\r\n', '\u2028', '\u2029'];
/** Text that is blank once white space and invisible characters are removed. */
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u3164', '\uFE0F', '\u{E0020}', ' ', '\u00A0', '\u3000'];

const anyUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HARD_VALID) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'Z', '7', '.', ',') },
);

/** Text the contract accepts in a field of this kind (one to maxLength UTF-16 units). */
export function acceptedTextArbitrary(lines: TextLines, maxLength = 60): fc.Arbitrary<string> {
  const units = lines === 'multi-line' ? fc.oneof({ weight: 6, arbitrary: anyUnit }, { weight: 1, arbitrary: fc.constantFrom('\t', '\n', '\r\n') }) : anyUnit;
  return fc
    .array(units, { minLength: 1, maxLength: Math.max(1, Math.floor(maxLength / 2)) })
    .map((parts) => parts.join('').slice(0, maxLength))
    .filter((text) => text.length > 0 && brokenTextRule(text, lines) === undefined);
}

/** Text the contract refuses in a field of this kind: one refused character somewhere, or nothing visible. */
export function refusedTextArbitrary(lines: TextLines): fc.Arbitrary<string> {
  const refusedChar = lines === 'single-line' ? fc.constantFrom(...ALWAYS_REFUSED, ...LINE_BREAKS) : fc.constantFrom(...ALWAYS_REFUSED);
  const invisibleOnly = fc
    .array(fc.constantFrom(...INVISIBLE, ...(lines === 'multi-line' ? LINE_BREAKS.slice(0, 4) : [])), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join(''));
  const withRefusedChar = fc
    .tuple(fc.string({ maxLength: 12 }), refusedChar, fc.string({ maxLength: 12 }))
    .map(([before, bad, after]) => `Sore${before}${bad}${after}`);
  return fc.oneof(withRefusedChar, invisibleOnly);
}
