/**
 * What a name is:
 * - `latin`: a real name in Latin script, diacritics and typographic apostrophes included (how PDS
 *   holds names): ingest must accept it and the pipeline must file it at the GP;
 * - `other-script`: a real name in another script: ingest may refuse it with a problem (PDS would
 *   not match it), but if accepted it must be filed;
 * - `hostile`: odd or hostile text: refused with a problem, or accepted and filed.
 */
export type NameKind = 'latin' | 'other-script' | 'hostile';

/** A name to put wherever a consultation carries one (patient, pharmacy, clinician). */
export interface NameCase {
  readonly label: string;
  readonly text: string;
  readonly kind: NameKind;
}

export const NAME_CASES: readonly NameCase[] = [
  { label: 'curly apostrophe (U+2019)', text: 'O’Sullivan', kind: 'latin' },
  { label: 'straight apostrophe', text: "O'Sullivan", kind: 'latin' },
  { label: 'Polish Ł (U+0141)', text: 'Łukasiewicz', kind: 'latin' },
  { label: 'Vietnamese stacked diacritics', text: 'Nguyễn', kind: 'latin' },
  { label: 'combining marks (NFD)', text: 'Nguye\u0302\u0303n', kind: 'latin' },
  { label: 'Latin-1 edge ÿ (U+00FF) and ā (U+0101)', text: 'Dÿvāine', kind: 'latin' },
  { label: 'Irish with space', text: 'Ní Bhriain', kind: 'latin' },
  { label: 'hyphen and apostrophe', text: 'O’Neill-Łęcka', kind: 'latin' },
  { label: 'Hawaiian ʻokina (modifier letter U+02BB)', text: 'Kaʻahumanu', kind: 'latin' },
  { label: 'long name of 100 letters', text: `${'Ab'.repeat(49)}Ac`, kind: 'latin' },
  { label: 'Arabic (right to left)', text: 'الحداد', kind: 'other-script' },
  { label: 'Hebrew (right to left)', text: 'כהן', kind: 'other-script' },
  { label: 'Greek', text: 'Παπαδόπουλος', kind: 'other-script' },
  { label: 'Cyrillic', text: 'Смирнова', kind: 'other-script' },
  { label: 'Devanagari with vowel signs', text: 'शर्मा', kind: 'other-script' },
  { label: 'Tamil', text: 'சுப்பிரமணியம்', kind: 'other-script' },
  { label: 'Thai', text: 'สมชาย', kind: 'other-script' },
  { label: 'Ethiopic', text: 'ተስፋዬ', kind: 'other-script' },
  { label: 'Chinese (BMP)', text: '王', kind: 'other-script' },
  { label: 'Chinese, supplementary plane (U+20BB7)', text: '𠮷田', kind: 'other-script' },
  { label: 'Korean Hangul', text: '김민준', kind: 'other-script' },
  { label: 'Japanese kana', text: 'さとう', kind: 'other-script' },
  { label: 'emoji', text: 'Smith😀', kind: 'hostile' },
  { label: 'emoji ZWJ sequence', text: 'Smith👩‍⚕️', kind: 'hostile' },
  { label: 'zero-width space inside', text: 'Sm\u200Bith', kind: 'hostile' },
  { label: 'right-to-left override', text: '\u202EhtimS', kind: 'hostile' },
  { label: 'DEL (U+007F)', text: 'Smi\u007Fth', kind: 'hostile' },
  { label: 'NUL', text: 'Smi\u0000th', kind: 'hostile' },
  { label: 'ESC sequence', text: 'Smith\u001B[2J', kind: 'hostile' },
  { label: 'C1 control (U+0085)', text: 'Smi\u0085th', kind: 'hostile' },
  { label: 'line break', text: 'Smi\nth', kind: 'hostile' },
  { label: 'mathematical bold letters (plane 1)', text: '𝐒𝐦𝐢𝐭𝐡', kind: 'hostile' },
  { label: 'fullwidth letters', text: 'Ｓｍｉｔｈ', kind: 'hostile' },
  { label: 'stacked combining marks ("zalgo")', text: 'Z\u0334\u0321\u0322a\u0335l\u0336g\u0337o', kind: 'hostile' },
  { label: 'combining marks only', text: '\u0301\u0302\u0303', kind: 'hostile' },
  { label: 'private use (plane 16)', text: 'Smith\u{10FFFD}', kind: 'hostile' },
  { label: 'tag characters (plane 14)', text: 'Smith\u{E0041}', kind: 'hostile' },
  { label: 'noncharacter U+FFFF', text: 'Smith\uFFFF', kind: 'hostile' },
  { label: 'lone surrogate', text: 'Smith\uD800', kind: 'hostile' },
  { label: 'HTML and quotes', text: 'O"Brien<script>', kind: 'hostile' },
];
