/**
 * What every text and name field of the contract must be, as pure functions (text.ts puts them on
 * the zod types). Accepted text is carried into XML (ITK3 over MESH), FHIR JSON, e-mail and HTTP
 * headers, so it must be representable in all of them and mean what it shows on screen.
 *
 * - Single-line fields (names, codes' display texts, the pharmacy name...) take no control
 *   characters at all: no C0 (tab, line feed and carriage return included), no DEL, no C1, and
 *   no U+2028/U+2029 line separators.
 * - Multi-line fields (notes, dosage and patient instructions) may hold tab, line feed and
 *   carriage return, and no other control character. XML 1.0 cannot carry the others at all.
 * - Unpaired surrogates (from \uD800-style escapes) have no UTF-8 encoding: no transport can send them.
 * - U+FFFD is what a lossy decoder leaves where it could not read the sender's bytes: the text was
 *   already corrupted before it reached us, and a GP record must not be filed with it.
 * - Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF...) are not for interchange; XML refuses U+FFFE/U+FFFF.
 * - Text that is blank once white space and invisible characters are removed (format characters,
 *   category Cf, such as U+200B-U+200D, U+2060 and U+FEFF, and the other default-ignorable code points
 *   such as the Hangul filler U+3164) would reach the GP as an empty entry that looks filled in.
 */
export type TextLines = 'single-line' | 'multi-line';

/** A machine-readable code per rule (the `code` of a problem error). */
export type TextRule = 'control_character' | 'unpaired_surrogate' | 'replacement_character' | 'noncharacter' | 'blank';

const CONTROL: Record<TextLines, RegExp> = {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: this rule exists to find control characters in submitted text
  'single-line': /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/,
  // biome-ignore lint/suspicious/noControlCharactersInRegex: this rule exists to find control characters (other than tab, LF, CR) in submitted text
  'multi-line': /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/,
};
// With the u flag a class of surrogates matches only a surrogate that is not part of a pair.
const UNPAIRED_SURROGATE = /[\uD800-\uDFFF]/u;
const REPLACEMENT_CHARACTER = /\uFFFD/;
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

export const TEXT_RULE_MESSAGES: Record<TextLines, Record<TextRule, string>> = {
  'single-line': {
    control_character: 'must not contain control characters, tabs or line breaks',
    unpaired_surrogate: 'must not contain an unpaired surrogate (a \\uD800-\\uDFFF escape without its pair)',
    replacement_character: 'must not contain U+FFFD (the text was corrupted by a character-set conversion before it was sent)',
    noncharacter: 'must not contain Unicode noncharacters (such as U+FFFE or U+FFFF)',
    blank: 'must not be blank (only spaces or invisible characters)',
  },
  'multi-line': {
    control_character: 'must not contain control characters (tab, line feed and carriage return are allowed)',
    unpaired_surrogate: 'must not contain an unpaired surrogate (a \\uD800-\\uDFFF escape without its pair)',
    replacement_character: 'must not contain U+FFFD (the text was corrupted by a character-set conversion before it was sent)',
    noncharacter: 'must not contain Unicode noncharacters (such as U+FFFE or U+FFFF)',
    blank: 'must not be blank (only spaces, line breaks or invisible characters)',
  },
};

// Every character any of the four character rules refuses, so accepted text is scanned once.
const SUSPECT: Record<TextLines, RegExp> = {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the pre-scan must match every control character the CONTROL rule refuses
  'single-line': /[\u0000-\u001F\u007F-\u009F\u2028\u2029\uD800-\uDFFF\uFFFD]|\p{Noncharacter_Code_Point}/u,
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the pre-scan must match every control character the CONTROL rule refuses
  'multi-line': /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFD]|\p{Noncharacter_Code_Point}/u,
};

/** The first rule `text` breaks, or undefined when it may be accepted. */
export function brokenTextRule(text: string, lines: TextLines): TextRule | undefined {
  if (!SUSPECT[lines].test(text)) return VISIBLE.test(text) ? undefined : 'blank';
  if (CONTROL[lines].test(text)) return 'control_character';
  if (UNPAIRED_SURROGATE.test(text)) return 'unpaired_surrogate';
  if (REPLACEMENT_CHARACTER.test(text)) return 'replacement_character';
  if (NONCHARACTER.test(text)) return 'noncharacter';
  if (!VISIBLE.test(text)) return 'blank';
  return undefined;
}

// The same rules as one JSON Schema `pattern` (ECMA-262 with the u flag, which OpenAPI 3.1 tools
// use), so a client or fuzzer reading the OpenAPI document sees them. It spells classes out with
// \u escapes (no \p{...}), so it also reads the same in Python's `re`. It is at most as strict
// as brokenTextRule (a test checks every BMP code point): unpaired surrogates (a class of them
// makes Rust-based validators such as schemathesis' drop the whole pattern), astral
// noncharacters and astral invisible characters are left to the zod check.
const INVISIBLE_BMP =
  '\\u0085\\u00AD\\u034F\\u0600-\\u0605\\u061C\\u06DD\\u070F\\u0890-\\u0891\\u08E2\\u115F-\\u1160\\u17B4-\\u17B5' +
  '\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF0-\\uFFFB';
const REFUSED_ANYWHERE = '\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFD-\\uFFFF';
const REFUSED: Record<TextLines, string> = {
  'single-line': `\\u0000-\\u001F${REFUSED_ANYWHERE}\\u2028\\u2029`,
  'multi-line': `\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F${REFUSED_ANYWHERE}`,
};

// Allowed characters, then one visible allowed character, then allowed characters: no lookahead,
// so a generator (schemathesis, Hypothesis) can draw values from it directly instead of filtering.
const patternFor = (lines: TextLines) => new RegExp(`^[^${REFUSED[lines]}]*[^\\s${INVISIBLE_BMP}${REFUSED[lines]}][^${REFUSED[lines]}]*$`, 'u');

export const TEXT_PATTERNS: Record<TextLines, RegExp> = {
  'single-line': patternFor('single-line'),
  'multi-line': patternFor('multi-line'),
};
