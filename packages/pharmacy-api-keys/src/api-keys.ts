import { hash, timingSafeEqual } from 'node:crypto';
import { pharmacyOdsCodeSchema } from '@firstsync/contracts';
import { z } from 'zod';

/**
 * API keys are configured as SHA-256 hashes only, so neither the configuration, a config dump nor
 * a heap snapshot of this service reveals a usable key. Each key acts for exactly one pharmacy.
 */
export interface ApiClient {
  /** Stable, non-secret label for logs and rate limiting (never the key or its hash). */
  readonly name: string;
  readonly pharmacyOds: string;
}

interface ConfiguredKey extends ApiClient {
  readonly keyHash: Buffer;
}

export const apiKeyEntrySchema = z.strictObject({
  keyHash: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be the SHA-256 of the key as 64 hex characters')
    .transform((hash) => hash.toLowerCase()),
  pharmacyOds: pharmacyOdsCodeSchema,
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dots, underscores or hyphens'),
});
export type ApiKeyEntry = z.output<typeof apiKeyEntrySchema>;

export const apiKeyListSchema = z
  .array(apiKeyEntrySchema)
  .min(1, 'must configure at least one API key')
  .superRefine((entries, ctx) => {
    const hashes = new Set<string>();
    const names = new Set<string>();
    entries.forEach((entry, index) => {
      if (hashes.has(entry.keyHash)) ctx.addIssue({ code: 'custom', path: [index, 'keyHash'], message: 'is configured twice' });
      if (names.has(entry.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: 'is configured twice' });
      hashes.add(entry.keyHash);
      names.add(entry.name);
    });
  });

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

// JSON.parse errors quote the input; a config error must never print a key hash list or a secret,
// so a parse failure becomes one fixed message.
/**
 * The `INGEST_API_KEYS` environment value: a JSON array of {keyHash, pharmacyOds, name}. Every
 * pharmacy-facing service reads the same variable, so one key list serves them all.
 */
export const apiKeysEnvSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {"keyHash","pharmacyOds","name"}' });
      return z.NEVER;
    }
  })
  .pipe(apiKeyListSchema);

/**
 * The documented development key. It is the default only so that `pnpm start` works out of the
 * box; main.ts logs a warning whenever it is in use.
 */
export const DEMO_API_KEY = 'demo-pharmacy-key-FXA01';
export const DEMO_PHARMACY_ODS = 'FXA01';
export const DEMO_API_KEYS: readonly ApiKeyEntry[] = [{ keyHash: sha256Hex(DEMO_API_KEY), pharmacyOds: DEMO_PHARMACY_ODS, name: 'demo' }];

/** The keys accepted: the configured list, or the documented demo key when none is configured (main warns). */
export function apiKeysOf(config: { readonly INGEST_API_KEYS?: readonly ApiKeyEntry[] | undefined }): readonly ApiKeyEntry[] {
  return config.INGEST_API_KEYS ?? DEMO_API_KEYS;
}

export interface ApiKeyVerifier {
  /** The client a presented key belongs to, or undefined. Takes the same time whether or not it matches. */
  verify(presentedKey: string): ApiClient | undefined;
}

export function createApiKeyVerifier(entries: readonly ApiKeyEntry[]): ApiKeyVerifier {
  const keys: ConfiguredKey[] = entries.map((entry) => ({
    name: entry.name,
    pharmacyOds: entry.pharmacyOds,
    keyHash: Buffer.from(entry.keyHash, 'hex'),
  }));
  return {
    verify(presentedKey) {
      // Hashing first gives fixed-length inputs for timingSafeEqual, and every configured key is
      // compared (no early exit), so response time says nothing about which prefix matched.
      // The hash is taken on every request (a one-shot hash of a short key costs about a
      // microsecond) rather than cached by presented key: a cache would keep usable keys in the
      // heap, which is what configuring hashes only is meant to prevent.
      const presented = hash('sha256', presentedKey, 'buffer');
      let match: ConfiguredKey | undefined;
      for (const key of keys) {
        if (timingSafeEqual(presented, key.keyHash) && match === undefined) match = key;
      }
      return match ? { name: match.name, pharmacyOds: match.pharmacyOds } : undefined;
    },
  };
}

/** `Authorization: Bearer <key>` -> the key, or undefined when the header is absent or malformed. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i.exec(authorization);
  return match?.[1];
}
