import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET_KEY_BASE64, decryptSecret, encryptSecret, generateSecret, parseSecretKey } from '../src';

describe('secrets at rest (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips, with a fresh IV each time and no plaintext in the record', () => {
    const secret = generateSecret();
    const a = encryptSecret(secret, key);
    const b = encryptSecret(secret, key);
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(a).not.toContain(secret.slice(6, 20));
    expect(decryptSecret(a, key)).toBe(secret);
    expect(decryptSecret(b, key)).toBe(secret);
  });

  it('refuses a wrong key, an altered record and an unknown format, without echoing the record', () => {
    const secret = generateSecret();
    const encrypted = encryptSecret(secret, key);
    expect(() => decryptSecret(encrypted, randomBytes(32))).toThrow(/could not be decrypted/);
    const [version, iv, ciphertext, tag] = encrypted.split('.');
    const flipped = Buffer.from(ciphertext ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decryptSecret([version, iv, flipped.toString('base64url'), tag].join('.'), key)).toThrow(/could not be decrypted/);
    expect(() => decryptSecret(`v2.${iv}.${ciphertext}.${tag}`, key)).toThrow(/unknown format or version/);
    expect(() => decryptSecret(secret, key)).toThrow(/unknown format/);
    try {
      decryptSecret(encrypted, randomBytes(32));
    } catch (err) {
      expect(String(err)).not.toContain(encrypted);
    }
  });

  it('takes only 32-byte keys; parses base64 config keys', () => {
    expect(() => encryptSecret('x', randomBytes(16))).toThrow(/32 bytes/);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(DEVELOPMENT_SECRET_KEY_BASE64)).toHaveLength(32);
    expect(() => parseSecretKey(randomBytes(31).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseSecretKey('not base64!')).toThrow(/base64/);
  });
});
