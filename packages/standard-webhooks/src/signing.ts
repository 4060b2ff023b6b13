import { createHmac, randomBytes } from 'node:crypto';

/** Standard Webhooks secrets are `whsec_` + base64 of the raw key bytes. */
export const SECRET_PREFIX = 'whsec_';
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

/** The three headers a Standard Webhooks request carries. */
export interface WebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

export interface SignInput {
  /** The message id, identical on every retry of the same event (receivers dedupe on it). */
  readonly id: string;
  /** When this attempt is sent; signed as unix seconds. */
  readonly timestamp: Date;
  /** The exact request body bytes, as sent. */
  readonly body: string;
  /** Every secret valid right now: during a rotation overlap the old and the new one. */
  readonly secrets: readonly string[];
}

/** A new secret: `whsec_` + base64 of 32 random bytes (the spec allows 24 to 64). */
export function generateSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    throw new RangeError(`a webhook secret has ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes`);
  }
  return SECRET_PREFIX + randomBytes(bytes).toString('base64');
}

/** True for a well-formed `whsec_` secret. */
export function isWebhookSecret(secret: string): boolean {
  return keyOf(secret) !== undefined;
}

function keyOf(secret: string): Buffer | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return undefined;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.length >= MIN_SECRET_BYTES && key.length <= MAX_SECRET_BYTES ? key : undefined;
}

/** `v1,` + base64(HMAC-SHA256(secret bytes, `${id}.${timestamp}.${body}`)). */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = keyOf(secret);
  // Never echo the secret: this message may reach a log.
  if (!key) throw new TypeError('not a webhook secret (expected whsec_ + base64 of 24 to 64 bytes)');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/**
 * The Standard Webhooks headers for one delivery attempt. With several secrets (a rotation
 * overlap) the signature header lists one signature per secret, space-separated, so a receiver
 * holding either secret verifies it.
 */
export function signHeaders(input: SignInput): WebhookHeaders {
  if (input.secrets.length === 0) throw new TypeError('signing needs at least one secret');
  if (input.id.length === 0 || input.id.includes('.')) throw new TypeError('a webhook id is non-empty and has no "."');
  const seconds = Math.floor(input.timestamp.getTime() / 1000);
  if (!Number.isFinite(seconds)) throw new TypeError('invalid webhook timestamp');
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': input.secrets.map((secret) => signature(secret, input.id, seconds, input.body)).join(' '),
  };
}
