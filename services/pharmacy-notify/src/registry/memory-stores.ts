import type { WebhookAttempt, WebhookEndpointEvent } from '@firstsync/contracts';
import { DEFAULT_KEPT_ATTEMPTS, type EndpointAttempts, nextEndpoint, nextEndpointAttempts, type WebhookEndpoint } from '@firstsync/pharmacy-events';
import type { AttemptsReader, EndpointRegistry } from './endpoint-registry';

/**
 * The registry's state, kept by applying the topic's events in order (the fold of
 * @firstsync/pharmacy-events). How a write reaches it is the caller's: through Kafka and back
 * (kafka-stores.ts), or straight in (tests).
 */
export interface EndpointRegistryStore extends EndpointRegistry {
  apply(event: WebhookEndpointEvent): void;
}

export interface AttemptsStore extends AttemptsReader {
  apply(attempt: WebhookAttempt): void;
}

export function createEndpointRegistryStore(write: (event: WebhookEndpointEvent) => Promise<void>): EndpointRegistryStore {
  // Updated in place per endpoint (nextEndpoint is the pure transition): copying the whole map per event would be O(n²) on replay.
  const endpoints = new Map<string, WebhookEndpoint>();
  const listeners = new Set<(endpointId: string) => void>();
  return {
    apply(event) {
      const current = endpoints.get(event.endpointId);
      const next = nextEndpoint(current, event);
      if (next === undefined || next === current) return;
      endpoints.set(event.endpointId, next);
      for (const listener of listeners) listener(event.endpointId);
    },
    all: () => [...endpoints.values()],
    get: (endpointId) => endpoints.get(endpointId),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    append: write,
  };
}

export function createAttemptsStore(write: (attempt: WebhookAttempt) => Promise<void>, keep = DEFAULT_KEPT_ATTEMPTS): AttemptsStore {
  const byEndpoint = new Map<string, EndpointAttempts>();
  return {
    apply(attempt) {
      byEndpoint.set(attempt.endpointId, nextEndpointAttempts(byEndpoint.get(attempt.endpointId), attempt, keep));
    },
    cursorOf(endpointId) {
      // A pharmacy's events are all on one partition, so an endpoint has one delivered offset in practice.
      let highest: bigint | undefined;
      for (const offset of byEndpoint.get(endpointId)?.delivered.values() ?? []) {
        const value = BigInt(offset);
        if (highest === undefined || value > highest) highest = value;
      }
      return highest;
    },
    failuresOf(endpointId, eventId) {
      const attempts = byEndpoint.get(endpointId);
      return attempts?.headEventId === eventId ? attempts.failuresInARow : 0;
    },
    recent(endpointId, limit) {
      const recent = byEndpoint.get(endpointId)?.recent ?? [];
      return limit <= 0 ? [] : recent.slice(-limit).reverse();
    },
    record: write,
  };
}
