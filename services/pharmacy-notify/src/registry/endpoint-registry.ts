import type { WebhookAttempt, WebhookEndpointEvent } from '@firstsync/contracts';
import type { WebhookEndpoint } from '@firstsync/pharmacy-events';

/** The webhook endpoints as this instance has read them from pharmacy.webhook-endpoints.v1. */
export interface EndpointRegistry {
  all(): readonly WebhookEndpoint[];
  get(endpointId: string): WebhookEndpoint | undefined;
  /** Called after each applied event with the endpoint it changed; returns the unsubscribe function. */
  onChange(listener: (endpointId: string) => void): () => void;
  /** Writes the event to Kafka and resolves once this instance has applied it (read-your-writes). */
  append(event: WebhookEndpointEvent): Promise<void>;
}

/** Delivery attempts as read from pharmacy.webhook-attempts.v1. */
export interface AttemptsReader {
  /** The highest feed offset delivered to the endpoint, if any was. */
  cursorOf(endpointId: string): bigint | undefined;
  /** Failed attempts of this event at this endpoint so far (where a retry after a restart resumes). */
  failuresOf(endpointId: string, eventId: string): number;
  /** The latest attempts, newest first. */
  recent(endpointId: string, limit: number): readonly WebhookAttempt[];
  /** Writes the attempt to Kafka (the view applies it when it is read back). */
  record(attempt: WebhookAttempt): Promise<void>;
}
