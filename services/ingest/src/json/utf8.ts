export type Utf8Result = { ok: true; text: string } | { ok: false; byteOffset: number };

// fatal: bytes that are not UTF-8 throw instead of becoming U+FFFD. The WHATWG decoder also
// refuses overlong forms and encoded surrogates (CESU-8), which a lenient decoder lets through.
// A leading byte order mark is dropped, as JSON parsers may do (RFC 8259 section 8.1).
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const REPLACEMENT = 0xfffd;

/** The body as text, or where its first byte that is not UTF-8 is. */
export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    return { ok: true, text: strictDecoder.decode(bytes) };
  } catch {
    return { ok: false, byteOffset: firstInvalidByte(bytes) };
  }
}

/**
 * Only on the error path: decoding leniently puts U+FFFD where the bytes were bad, and a U+FFFD
 * that the sender really wrote is its own three bytes EF BF BD, so the first U+FFFD that does not
 * stand on those bytes marks the first bad byte.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let byteOffset = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint === REPLACEMENT && !(bytes[byteOffset] === 0xef && bytes[byteOffset + 1] === 0xbf && bytes[byteOffset + 2] === 0xbd)) return byteOffset;
    byteOffset += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return byteOffset;
}
