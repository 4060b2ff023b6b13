/**
 * Text for the fallback email's headers. Unlike MESH, mail has a defined encoding for names beyond
 * ASCII: nodemailer writes a non-ASCII Subject as RFC 2047 encoded-words and an attachment name as
 * RFC 2231 parameters, so `Apteka Łódź` stays as typed. What no header should carry is removed:
 * control characters (CR/LF and the rest; a line break in a subject is never meant), format
 * characters (a bidi override can make a subject read backwards in a mailbox list, zero-width
 * characters hide text), lone surrogates and the noncharacters U+FFFE/U+FFFF. Whitespace runs become
 * one space; the result is cut by code points, never inside a surrogate pair.
 */
export function mailHeaderText(text: string, maxLength: number): string {
  const cleaned = text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\p{Zs}]+/gu, ' ')
    .replace(/[\p{Cf}\p{Cs}\ufffe\uffff]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  return Array.from(cleaned).slice(0, maxLength).join('').trim();
}

/**
 * An attachment file name that every mail client, relay and file system keeps as it is: ASCII
 * letters, digits, dot, hyphen and underscore; anything else becomes a hyphen. The names we build
 * are made of ids and versions already: this only guarantees it.
 */
export function mailFileName(name: string, maxLength = 120): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, maxLength);
  return safe === '' ? 'attachment' : safe;
}
