import type { ServiceName } from '../system/services';

/**
 * Settings the benchmarks run the services with. Only limits that would otherwise measure
 * themselves are lifted (the per-key rate limit of 20/s); everything else is the services' default.
 */
export const INGEST_UNTHROTTLED = { INGEST_RATE_LIMIT_PER_SECOND: '1000000', INGEST_RATE_LIMIT_BURST: '1000000' };

/** Short consumer sessions so a group forms quickly on a fresh namespace. */
const FAST_GROUPS = { KAFKA_SESSION_TIMEOUT_MS: '10000', KAFKA_HEARTBEAT_INTERVAL_MS: '1000' };

/**
 * The recovery scenario must see a backlog drain within the run. A message refused by an open
 * breaker still moves up one retry tier, so the backlog comes back only as fast as the tiers allow:
 * with the default 30 s / 2 min / 10 min it would take minutes. The tiers are 1/2/4/8/16 s here and
 * the breaker cools down after 2 s (default 30 s); the results say so.
 */
export const DELIVERY_SHORT_RETRIES = { RETRY_DELAYS_MS: '1000,2000,4000,8000,16000', BREAKER_COOL_DOWN_MS: '2000' };

export function pipelineEnv(): Partial<Record<ServiceName, Record<string, string>>> {
  return {
    ingest: { ...INGEST_UNTHROTTLED },
    'fhir-mapper': { ...FAST_GROUPS },
    delivery: { ...FAST_GROUPS, ...DELIVERY_SHORT_RETRIES },
  };
}
