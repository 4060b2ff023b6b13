/**
 * Latin-script folding, as a PDS trace compares names and as MESH headers need them (visible ASCII).
 * One definition: the ingest contract uses it to refuse a surname PDS could never hold (nothing
 * accepted may be undeliverable over MESH), and @firstsync/mesh builds its headers and the
 * `GPPROVIDER_` address with it.
 */

// Apostrophe look-alikes (typographic quotes, modifier letters, primes, the spacing accents a
// keyboard produces) are apostrophes in a name: O’Sullivan and O'Sullivan are one surname.
const APOSTROPHES = /[\u2018\u2019\u201a\u201b\u2032\u2035\u02b9\u02bb\u02bc\u02bd\u02c8\u0060\u00b4\uff07]/g;
// Hyphen and dash look-alikes (NFKD leaves most of them as they are).
const DASHES = /[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]/g;

/**
 * Latin letters NFKD does not decompose, spelt as English-language registers spell them (ICAO 9303
 * and common UK practice). Other scripts are not romanised: a Greek or Chinese name has several
 * romanisations and only the one the patient registered with would match, which we cannot know.
 */
const LATIN_LETTERS: Readonly<Record<string, string>> = {
  Æ: 'AE',
  æ: 'ae',
  Ø: 'O',
  ø: 'o',
  ß: 'ss',
  ẞ: 'SS',
  Þ: 'TH',
  þ: 'th',
  Ð: 'D',
  ð: 'd',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  ĸ: 'k',
  Ł: 'L',
  ł: 'l',
  Ŋ: 'NG',
  ŋ: 'ng',
  Œ: 'OE',
  œ: 'oe',
  Ŧ: 'T',
  ŧ: 't',
  Ə: 'E',
  ə: 'e',
  Ɛ: 'E',
  ɛ: 'e',
  Ɔ: 'O',
  ɔ: 'o',
  Ɲ: 'N',
  ɲ: 'n',
  Ʒ: 'Z',
  ʒ: 'z',
  Ƒ: 'F',
  ƒ: 'f',
  Ɓ: 'B',
  ɓ: 'b',
  Ɗ: 'D',
  ɗ: 'd',
  Ƙ: 'K',
  ƙ: 'k',
  Ƴ: 'Y',
  ƴ: 'y',
  Ɨ: 'I',
  ɨ: 'i',
  Ʉ: 'U',
  ʉ: 'u',
};
const LATIN_LETTER = new RegExp(`[${Object.keys(LATIN_LETTERS).join('')}]`, 'gu');

/**
 * Any text -> visible ASCII, same length or shorter, no trimming: compatibility forms folded (NFKD:
 * ﬁ -> fi, full-width letters), accents removed, the letters above spelt out, apostrophes and dashes
 * made ASCII, control and other space characters made spaces, format characters (zero-width, bidi
 * controls) removed, and everything else (other scripts, emoji, lone surrogates) dropped.
 */
export function transliterateToAscii(text: string): string {
  return text
    .replace(APOSTROPHES, "'")
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(LATIN_LETTER, (letter) => LATIN_LETTERS[letter] ?? '')
    .replace(APOSTROPHES, "'")
    .replace(DASHES, '-')
    .replace(/[\p{Cc}\p{Zs}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\p{Cf}/gu, '')
    .replace(/[^\x20-\x7e]/g, '');
}

/** True when the text folds to at least one A-Z letter: a name PDS can hold and a MESH address can carry. */
export function hasLatinLetter(text: string): boolean {
  return /[A-Za-z]/.test(transliterateToAscii(text));
}
