import type { FeedPosition } from '@firstsync/contracts';
import type { WebhookTargetPolicy } from '@firstsync/standard-webhooks';
import type { FeedStore } from '../feed/feed-store';
import type { AttemptsReader, EndpointRegistry } from '../registry/endpoint-registry';

/** What the pharmacy API routes need; app.ts wires the Kafka-backed stores, tests in-memory ones. */
export interface PharmacyApiDeps {
  readonly registry: EndpointRegistry;
  readonly attempts: AttemptsReader;
  readonly feed: FeedStore;
  readonly policy: WebhookTargetPolicy;
  /** Encrypts webhook secrets at rest (WEBHOOK_SECRET_KEY). */
  readonly secretKey: Uint8Array;
  /** Where pharmacy.events.v1 ends now: a new endpoint is sent events from there on. */
  feedEnd(): Promise<FeedPosition[]>;
  /** The registry and the feed have caught up with Kafka: answers reflect everything written before start. */
  ready(): boolean;
  now(): Date;
  newId(): string;
  /** Aborted when the server closes: long polls end at once. */
  readonly closing: AbortSignal;
}
