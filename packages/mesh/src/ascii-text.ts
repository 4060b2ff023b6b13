import { transliterateToAscii } from '@firstsync/contracts';

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

export { transliterateToAscii };

/**
 * A free-text header value: transliterated, runs of spaces made one, trimmed, and cut to
 * `maxLength` (the MESH API's limit for that header). Empty when nothing representable is left.
 */
export function asciiHeaderText(text: string, maxLength: number): string {
  return transliterateToAscii(text).replace(/ {2,}/g, ' ').trim().slice(0, maxLength).trim();
}
