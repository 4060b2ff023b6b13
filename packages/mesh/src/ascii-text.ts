/**
 * Text for MESH headers. MESH API v2 carries its metadata (mex-To, mex-Subject, mex-LocalID,
 * mex-FileName) in HTTP header fields and defines no character set or encoding for them: its
 * specification gives only lengths (NHSDigital/mesh-api-specification), NHS England's sandbox
 * refuses control characters (MalformedControlFile, code 06), and HTTP itself (RFC 9110 5.5) leaves
 * bytes above 0x7F opaque. Node refuses anything above U+00FF and DEL outright. So every value we put
 * in a header is visible ASCII (0x20-0x7E): anything else is transliterated where a Latin reader
 * would (Ł -> L, ễ -> e, ’ -> ') and dropped where no transliteration is reliable (other scripts,
 * emoji). The full text always travels in the message body, which is UTF-8 JSON.
 */

/** Visible ASCII and the space: what every MESH header value is made of. */
const VISIBLE_ASCII = /^[\x20-\x7e]*$/;

export function isVisibleAscii(value: string): boolean {
  return VISIBLE_ASCII.test(value);
}

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
  Æ: 'AE', æ: 'ae', Ø: 'O', ø: 'o', ß: 'ss', ẞ: 'SS', Þ: 'TH', þ: 'th', Ð: 'D', ð: 'd', Đ: 'D', đ: 'd',
  Ħ: 'H', ħ: 'h', ı: 'i', ĸ: 'k', Ł: 'L', ł: 'l', Ŋ: 'NG', ŋ: 'ng', Œ: 'OE', œ: 'oe', Ŧ: 'T', ŧ: 't',
  Ə: 'E', ə: 'e', Ɛ: 'E', ɛ: 'e', Ɔ: 'O', ɔ: 'o', Ɲ: 'N', ɲ: 'n', Ʒ: 'Z', ʒ: 'z', Ƒ: 'F', ƒ: 'f',
  Ɓ: 'B', ɓ: 'b', Ɗ: 'D', ɗ: 'd', Ƙ: 'K', ƙ: 'k', Ƴ: 'Y', ƴ: 'y', Ɨ: 'I', ɨ: 'i', Ʉ: 'U', ʉ: 'u',
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

/**
 * A free-text header value: transliterated, runs of spaces made one, trimmed, and cut to
 * `maxLength` (the MESH API's limit for that header). Empty when nothing representable is left.
 */
export function asciiHeaderText(text: string, maxLength: number): string {
  return transliterateToAscii(text).replace(/ {2,}/g, ' ').trim().slice(0, maxLength).trim();
}
