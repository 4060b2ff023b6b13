import type { Logger } from '@firstsync/logging';
import { type ApiKeyEntry, DEMO_API_KEY, DEMO_PHARMACY_ODS } from './api-keys';

/**
 * Every pharmacy-facing service's main calls this at start: without INGEST_API_KEYS only the
 * documented demo key is accepted (apiKeysOf), which must never reach production unnoticed. Names
 * the pharmacy and the key's length, never the key. True when it warned.
 */
export function warnIfDemoApiKey(config: { readonly INGEST_API_KEYS?: readonly ApiKeyEntry[] | undefined }, logger: Pick<Logger, 'warn'>): boolean {
  if (config.INGEST_API_KEYS !== undefined) return false;
  logger.warn(
    { pharmacyOds: DEMO_PHARMACY_ODS, keyLength: DEMO_API_KEY.length },
    'INGEST_API_KEYS is not set: only the documented demo API key is accepted; never run like this in production',
  );
  return true;
}
