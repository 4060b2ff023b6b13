import { type AmbiguousMember, findAmbiguousMembers } from './member-scan';
import { decodeUtf8 } from './utf8';

/** Why a body is refused before any field is looked at. Never carries any of the body's text. */
export type StrictJsonFailure =
  | { kind: 'empty' }
  | { kind: 'invalid_utf8'; byteOffset: number }
  | { kind: 'invalid_json' }
  | { kind: 'ambiguous'; members: readonly AmbiguousMember[] };

export type StrictJsonResult = { ok: true; value: unknown } | { ok: false; failure: StrictJsonFailure };

/**
 * A request body as JSON, refusing what a lenient parser would quietly resolve: bytes that are not
 * UTF-8 (RFC 8259 requires it), duplicate member names and prototype-poisoning names. JSON.parse
 * does the parsing (it is native and fastest); the member scan then reads the same text once.
 */
export function parseStrictJson(body: Uint8Array): StrictJsonResult {
  if (body.byteLength === 0) return { ok: false, failure: { kind: 'empty' } };
  const decoded = decodeUtf8(body);
  if (!decoded.ok) return { ok: false, failure: { kind: 'invalid_utf8', byteOffset: decoded.byteOffset } };
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch {
    return { ok: false, failure: { kind: 'invalid_json' } };
  }
  const members = findAmbiguousMembers(decoded.text);
  return members.length === 0 ? { ok: true, value } : { ok: false, failure: { kind: 'ambiguous', members } };
}
