import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FIRSTSYNC_UPDATE_RECORD_NAMESPACE, uuidV5 } from '../src/index';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** RFC 4122 4.3 spelled out with a Hash object, as a second opinion on the optimised code path. */
function referenceUuidV5(name: string, namespace: string): string {
  const digest = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

describe('uuidV5', () => {
  it('matches the well-known v5 of www.example.com in the DNS namespace', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('derives our namespace as documented (v5 of "firstsync/update-record" in the URL namespace)', () => {
    expect(uuidV5('firstsync/update-record', URL_NAMESPACE)).toBe(FIRSTSYNC_UPDATE_RECORD_NAMESPACE);
  });

  it.each([
    ['an empty name', ''],
    ['a resource role', '0f3c1c8e-0b1a-4c55-9f3e-5b8d2f3c1a77/v2/observation/3'],
    ['non-ASCII text', 'Zoë/ß/€/😀'],
    ['a name longer than the scratch buffer', 'é'.repeat(700)],
    ['a name exactly one SHA-1 block after the namespace', 'x'.repeat(48)],
  ])('agrees with the reference implementation for %s, in either namespace order', (_label, name) => {
    // Alternating namespaces checks that a cached namespace is never reused for another one.
    for (const namespace of [FIRSTSYNC_UPDATE_RECORD_NAMESPACE, DNS_NAMESPACE, FIRSTSYNC_UPDATE_RECORD_NAMESPACE]) {
      expect(uuidV5(name, namespace)).toBe(referenceUuidV5(name, namespace));
    }
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(TypeError);
  });
});
