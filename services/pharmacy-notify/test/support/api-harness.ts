import { randomBytes, randomUUID } from 'node:crypto';
import type { FeedPosition, WebhookEndpointEvent } from '@firstsync/contracts';
import { sha256Hex } from '@firstsync/pharmacy-api-keys';
import { STRICT_TARGET_POLICY, type WebhookTargetPolicy } from '@firstsync/standard-webhooks';
import { quietLogger } from '@firstsync/testkit';
import type { FastifyInstance } from 'fastify';
import { buildPharmacyApiApp } from '../../src/app';
import { createFeedStore, type FeedStore } from '../../src/feed/feed-store';
import { type AttemptsStore, createAttemptsStore, createEndpointRegistryStore, type EndpointRegistryStore } from '../../src/registry/memory-stores';

export const PHARMACY_A = { key: 'key-of-pharmacy-a', ods: 'FXA01', name: 'pharmacy-a' } as const;
export const PHARMACY_B = { key: 'key-of-pharmacy-b', ods: 'FAB12', name: 'pharmacy-b' } as const;
export const API_KEYS = [PHARMACY_A, PHARMACY_B].map((p) => ({ keyHash: sha256Hex(p.key), pharmacyOds: p.ods, name: p.name }));

export const auth = (pharmacy: { key: string }) => ({ authorization: `Bearer ${pharmacy.key}` });

export interface ApiHarness {
  readonly app: FastifyInstance;
  readonly feed: FeedStore;
  readonly registry: EndpointRegistryStore;
  readonly attempts: AttemptsStore;
  readonly secretKey: Buffer;
  /** Endpoint events written through the API, in order. */
  readonly written: WebhookEndpointEvent[];
  setReady(ready: boolean): void;
  /** Makes the next registry writes fail as a Kafka outage would. */
  failWrites(fail: boolean): void;
  setNow(now: Date): void;
  close(): Promise<void>;
}

/**
 * The pharmacy API over in-memory stores: the same stores the service keeps, with writes applied
 * straight in instead of going through Kafka and back (the int test covers that path).
 */
export async function apiHarness(options: { maxEventsPerPharmacy?: number; policy?: WebhookTargetPolicy; feedEnd?: FeedPosition[] } = {}): Promise<ApiHarness> {
  const written: WebhookEndpointEvent[] = [];
  let ready = true;
  let failing = false;
  let now = new Date('2026-03-10T12:00:00.000Z');
  const feed = createFeedStore({ maxEventsPerPharmacy: options.maxEventsPerPharmacy ?? 100 });
  const registry: EndpointRegistryStore = createEndpointRegistryStore(async (event) => {
    if (failing) throw new Error('kafka unavailable');
    written.push(event);
    registry.apply(event);
  });
  const attempts: AttemptsStore = createAttemptsStore(async (attempt) => attempts.apply(attempt));
  const secretKey = randomBytes(32);
  const closing = new AbortController();
  const app = buildPharmacyApiApp(
    quietLogger,
    {
      registry,
      attempts,
      feed,
      policy: options.policy ?? STRICT_TARGET_POLICY,
      secretKey,
      feedEnd: async () => options.feedEnd ?? [{ partition: 0, offset: '0' }],
      ready: () => ready,
      now: () => now,
      newId: randomUUID,
      closing: closing.signal,
    },
    API_KEYS,
    {},
  );
  app.addHook('preClose', (done) => {
    closing.abort();
    done();
  });
  await app.ready();
  return {
    app,
    feed,
    registry,
    attempts,
    secretKey,
    written,
    setReady: (value) => {
      ready = value;
    },
    failWrites: (value) => {
      failing = value;
    },
    setNow: (value) => {
      now = value;
    },
    close: () => app.close(),
  };
}

export const ENDPOINT_BODY = { url: 'https://pharmacy-system.example.com/hooks/firstsync', eventTypes: ['consultation.rejected', 'consultation.delivered'] };

/** Registers an endpoint for the pharmacy and returns the 201 body. */
export async function register(
  harness: ApiHarness,
  pharmacy: { key: string },
  body: Record<string, unknown> = ENDPOINT_BODY,
): Promise<{ id: string; secret: string; status: string; url: string }> {
  const response = await harness.app.inject({ method: 'POST', url: '/v1/webhooks/endpoints', headers: auth(pharmacy), payload: body });
  if (response.statusCode !== 201) throw new Error(`registration answered ${response.statusCode}: ${response.body}`);
  return response.json();
}
