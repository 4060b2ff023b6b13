import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A webhook secret encrypted at rest: `v1.<iv>.<ciphertext>.<tag>` (base64url, AES-256-GCM,
 * 12-byte IV). The version prefix lets a later key or algorithm change read old records.
 */
export type EncryptedSecret = string;

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A development-only key (base64 of 32 bytes), so `npm start` works without configuration. It is
 * public: a deployment sets WEBHOOK_SECRET_KEY and the service warns when it runs with this one.
 */
export const DEVELOPMENT_SECRET_KEY_BASE64 = Buffer.from('firstsync-development-only-key!!', 'utf8').toString('base64');

/** Decodes a base64 key (config WEBHOOK_SECRET_KEY); throws unless it is exactly 32 bytes. */
export function parseSecretKey(base64: string): Buffer {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new TypeError('the webhook secret key must be base64');
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new TypeError(`the webhook secret key must be ${KEY_BYTES} bytes (base64), got ${key.length}`);
  return key;
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new TypeError(`the webhook secret key must be ${KEY_BYTES} bytes`);
}

export function encryptSecret(secret: string, key: Uint8Array): EncryptedSecret {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Throws (without the secret or ciphertext in the message) on a wrong key, tampering or an unknown format. */
export function decryptSecret(encrypted: EncryptedSecret, key: Uint8Array): string {
  checkKey(key);
  const parts = encrypted.split('.');
  const [version, iv, ciphertext, tag] = parts;
  if (parts.length !== 4 || version !== VERSION || iv === undefined || ciphertext === undefined || tag === undefined) {
    throw new TypeError('not an encrypted webhook secret (unknown format or version)');
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new TypeError('not an encrypted webhook secret (bad iv or tag)');
  const decipher = createDecipheriv('aes-256-gcm', key, ivBytes);
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('webhook secret could not be decrypted (wrong key or altered record)');
  }
}
