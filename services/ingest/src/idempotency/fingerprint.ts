import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, `undefined` members dropped, no whitespace. Two bodies that
 * parse to the same consultation (key order, defaults, NHS number spacing) get the same text, so
 * "same body" means "same content", not "same bytes".
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // undefined / functions have no JSON form; they only occur as dropped members or array holes.
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${members.join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of a parsed consultation: the idempotency fingerprint. */
export function consultationFingerprint(consultation: unknown): string {
  return createHash('sha256').update(canonicalJson(consultation), 'utf8').digest('hex');
}
