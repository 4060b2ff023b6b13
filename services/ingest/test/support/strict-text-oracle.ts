type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

// The oracle for "accepted means deliverable", written apart from the contract's own code: every
// string of an accepted consultation is well-formed UTF-16 (so it has a UTF-8 encoding), has no
// control character (tab, CR and LF only in the multi-line fields), no U+FFFD, no noncharacter,
// and something visible once white space and format characters (category Cf) are removed.
export const MULTI_LINE_FIELD = /^(notes\.[a-zA-Z]+|medicinesSupplied\.\d+\.(dosageText|patientInstruction))$/;

function strictTextBreach(text: string, multiLine: boolean): string | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      const codePoint = ((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
      if ((codePoint & 0xfffe) === 0xfffe) return 'noncharacter';
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) return 'unpaired surrogate';
    else if (unit < 0x20 && !(multiLine && (unit === 0x09 || unit === 0x0a || unit === 0x0d))) return 'control character';
    else if ((unit >= 0x7f && unit <= 0x9f) || (!multiLine && (unit === 0x2028 || unit === 0x2029))) return 'control character';
    else if (unit === 0xfffd) return 'U+FFFD';
    else if ((unit >= 0xfdd0 && unit <= 0xfdef) || unit === 0xfffe || unit === 0xffff) return 'noncharacter';
  }
  return /[^\s\p{Cf}]/u.test(text) ? undefined : 'blank';
}

/** Every string of a JSON document that breaks the strict text rules, by path. */
export function strictTextBreaches(value: Json, path: Path = []): string[] {
  if (typeof value === 'string') {
    const breach = strictTextBreach(value, MULTI_LINE_FIELD.test(path.join('.')));
    return breach === undefined ? [] : [`${path.join('.')}: ${breach}`];
  }
  if (Array.isArray(value)) return value.flatMap((child, i) => strictTextBreaches(child, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => strictTextBreaches(child, [...path, key]));
  return [];
}
