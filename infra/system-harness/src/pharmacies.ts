import { createHash } from 'node:crypto';

export interface TestPharmacy {
  readonly ods: string;
  readonly key: string;
  readonly name: string;
}

/** Two pharmacies with their own API keys, so every suite can check that one cannot act for the other. */
export const PHARMACIES = {
  a: { ods: 'FCA01', key: 'chaos-key-pharmacy-a-7f3e9c21', name: 'chaos-pharmacy-a' },
  b: { ods: 'FCB02', key: 'chaos-key-pharmacy-b-1d84b6a0', name: 'chaos-pharmacy-b' },
} as const satisfies Record<string, TestPharmacy>;

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** INGEST_API_KEYS for the given pharmacies: only hashes are configured, as in production. */
export function apiKeysJson(pharmacies: readonly TestPharmacy[] = Object.values(PHARMACIES)): string {
  return JSON.stringify(pharmacies.map((p) => ({ keyHash: sha256Hex(p.key), pharmacyOds: p.ods, name: p.name })));
}
