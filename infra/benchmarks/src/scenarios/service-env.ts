import type { ServiceName } from '../system/services';

/**
 * Settings the benchmarks run the services with. Only limits that would otherwise measure
 * themselves are lifted (the per-key rate limit of 20/s); everything else is the services' default.
 */
export const INGEST_UNTHROTTLED = { INGEST_RATE_LIMIT_PER_SECOND: '1000000', INGEST_RATE_LIMIT_BURST: '1000000' };

/** Short consumer sessions so a group forms quickly on a fresh namespace. */
const FAST_GROUPS = { KAFKA_SESSION_TIMEOUT_MS: '10000', KAFKA_HEARTBEAT_INTERVAL_MS: '1000' };

/**
 * The recovery scenario must see a backlog drain within the run. Held-back messages go out as soon
 * as the practice's breaker closes again, but the breaker only probes after its cool-down (default
 * 30 s) and the first retry tier is 30 s, so an outage of a few seconds would be followed by half a
 * minute of nothing. The tiers are 1/2/4/8/16 s here and the breaker cools down after 2 s; the
 * results say so.
 */
export const DELIVERY_SHORT_RETRIES = { RETRY_DELAYS_MS: '1000,2000,4000,8000,16000', BREAKER_COOL_DOWN_MS: '2000' };

export function pipelineEnv(): Partial<Record<ServiceName, Record<string, string>>> {
  return {
    ingest: { ...INGEST_UNTHROTTLED },
    'fhir-mapper': { ...FAST_GROUPS },
    delivery: { ...FAST_GROUPS, ...DELIVERY_SHORT_RETRIES },
  };
}

/**
 * pharmacy-notify in the webhooks scenario: the pharmacies' keys (the same list ingest takes) and
 * quick consumer groups; delivery settings are the service's defaults (the receiver always answers).
 */
export function pharmacyNotifyEnv(apiKeys: string): Partial<Record<ServiceName, Record<string, string>>> {
  return { 'pharmacy-notify': { ...FAST_GROUPS, INGEST_API_KEYS: apiKeys } };
}
