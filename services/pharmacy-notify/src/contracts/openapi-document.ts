import { randomUUID } from 'node:crypto';
import { createLogger } from '@firstsync/logging';
import { DEMO_API_KEYS } from '@firstsync/pharmacy-api-keys';
import { STRICT_TARGET_POLICY } from '@firstsync/standard-webhooks';
import { buildPharmacyApiApp } from '../app';
import { createFeedStore } from '../feed/feed-store';
import { createAttemptsStore, createEndpointRegistryStore } from '../registry/memory-stores';

/**
 * The OpenAPI document exactly as the running service serves it at /docs/json: the same HTTP app,
 * built over empty in-memory stores (routes and schemas do not depend on them), so nothing from
 * this process's environment and no Kafka connection is involved.
 */
export async function pharmacyNotifyOpenApiDocument(): Promise<Record<string, unknown>> {
  const logger = createLogger({ service: 'pharmacy-notify-contracts', level: 'silent' });
  const unused = async () => {
    throw new Error('the contract generator writes nothing');
  };
  const app = buildPharmacyApiApp(
    logger,
    {
      registry: createEndpointRegistryStore(unused),
      attempts: createAttemptsStore(unused),
      feed: createFeedStore({ maxEventsPerPharmacy: 1 }),
      policy: STRICT_TARGET_POLICY,
      secretKey: Buffer.alloc(32),
      feedEnd: async () => [],
      ready: () => false,
      now: () => new Date(0),
      newId: randomUUID,
      closing: new AbortController().signal,
    },
    DEMO_API_KEYS,
    {},
  );
  try {
    await app.ready();
    // JSON round trip: the document as a client downloads it (no undefined members, plain objects).
    return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
