import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFeedCursor, encodeFeedCursor } from '../src';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('the change-feed cursor', () => {
  it('round-trips any partition and 64-bit offset', () => {
    fc.assert(
      fc.property(fc.nat({ max: 999_999_999 }), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (partition, offset) => {
        const cursor = { partition, offset: offset.toString() };
        expect(decodeFeedCursor(encodeFeedCursor(cursor))).toEqual(cursor);
      }),
    );
  });

  it('is opaque base64url of v1:<partition>:<offset>', () => {
    expect(Buffer.from('djE6Mzo0Mh', 'base64url').toString('utf8')).toBe('v1:3:42');
    expect(encodeFeedCursor({ partition: 3, offset: '42' })).toBe(b64('v1:3:42'));
    expect(encodeFeedCursor({ partition: 3, offset: '42' })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'djE6MzopNDI='],
    ['plain text', 'v1:3:42'],
    ['another version', b64('v2:3:42')],
    ['a negative offset', b64('v1:3:-1')],
    ['a leading zero', b64('v1:03:42')],
    ['an offset over 2^63-1', b64('v1:3:9223372036854775808')],
    ['trailing text', b64('v1:3:42:x')],
    ['a missing offset', b64('v1:3')],
    ['spaces', b64('v1: 3:42')],
    // 'djE6Mzo0Mh' decodes to the same bytes as 'djE6Mzo0Mg' (v1:3:42): only unused bits differ.
    ['a non-canonical spelling of the same bytes', 'djE6Mzo0Mh'],
    ['far too long', 'A'.repeat(200)],
  ])('rejects %s', (_name, text) => {
    expect(decodeFeedCursor(text)).toBeUndefined();
  });
});
