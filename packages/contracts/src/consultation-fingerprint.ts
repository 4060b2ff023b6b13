import { hash } from 'node:crypto';

/** A copy of plain JSON data with every object's keys inserted in sorted order. */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    const member = sortedCopy(source[key]);
    // An own "__proto__" member (JSON.parse makes one) must stay a member, not become the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: member, enumerable: true, writable: true, configurable: true });
    else copy[key] = member;
  }
  return copy;
}

/**
 * Canonical JSON: object keys sorted, `undefined` members dropped, no whitespace. Two bodies that
 * parse to the same consultation (key order, defaults, NHS number spacing) get the same text, so
 * "same body" means "same content", not "same bytes". Sorted keys (rather than the schema's output
 * order) keep fingerprints stable across releases that reorder a schema's fields.
 *
 * A sorted copy written by the native JSON.stringify (which drops undefined members and writes
 * undefined array items as null) is 2-3x faster than concatenating the text in JavaScript, and
 * this runs for every submission and every record read at start-up.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? 'null';
}

/**
 * sha256 of the canonical JSON of a parsed consultation: the idempotency fingerprint. Base64 (44
 * characters instead of 64 in hex) because the store keeps one per remembered consultation.
 */
export function consultationFingerprint(consultation: unknown): string {
  return hash('sha256', canonicalJson(consultation), 'base64');
}
