import type { FeedPosition, PharmacyEventType, WebhookEndpointEvent } from '@firstsync/contracts';

/** A signing secret (encrypted at rest); `validUntil` is set on a previous secret during a rotation overlap. */
export interface WebhookEndpointSecret {
  readonly secret: string;
  readonly validUntil?: string;
}

/** An endpoint as it stands after its events on pharmacy.webhook-endpoints.v1. */
export interface WebhookEndpoint {
  readonly endpointId: string;
  readonly pharmacyOds: string;
  readonly url: string;
  readonly eventTypes: readonly PharmacyEventType[];
  readonly description?: string;
  readonly status: 'enabled' | 'disabled';
  readonly disabledReason?: string;
  readonly disabledBy?: 'system' | 'owner';
  readonly disabledAt?: string;
  /** The current secret first, then earlier ones still inside their overlap. */
  readonly secrets: readonly WebhookEndpointSecret[];
  /** pharmacy.events.v1 end offsets at creation: events before them are never sent here. */
  readonly startAfter: readonly FeedPosition[];
  /** Set when its owner enabled it after it fell behind what is kept: nothing up to here is sent. */
  readonly resumeAfter?: FeedPosition;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Deleted endpoints stay as tombstones, so a late event for the id cannot bring one back. */
  readonly deleted: boolean;
}

export type EndpointRegistry = ReadonlyMap<string, WebhookEndpoint>;

/**
 * One endpoint after one more event (the pure transition). A `created` for an id that exists, and
 * anything for an id never created or already deleted, change nothing: the topic is append-only
 * and the first word on an id stands.
 */
export function nextEndpoint(current: WebhookEndpoint | undefined, event: WebhookEndpointEvent): WebhookEndpoint | undefined {
  if (event.kind === 'created') {
    if (current !== undefined) return current;
    return {
      endpointId: event.endpointId,
      pharmacyOds: event.pharmacyOds,
      url: event.url,
      eventTypes: event.eventTypes,
      ...(event.description === undefined ? {} : { description: event.description }),
      status: 'enabled',
      secrets: [{ secret: event.secret }],
      startAfter: event.startAfter,
      createdAt: event.at,
      updatedAt: event.at,
      deleted: false,
    };
  }
  if (current === undefined || current.deleted) return current;
  const updatedAt = event.at;
  switch (event.kind) {
    case 'updated':
      return {
        ...current,
        ...(event.url === undefined ? {} : { url: event.url }),
        ...(event.eventTypes === undefined ? {} : { eventTypes: event.eventTypes }),
        ...(event.description === undefined ? {} : { description: event.description }),
        updatedAt,
      };
    case 'secret-rotated': {
      const [previous, ...older] = current.secrets;
      // Earlier secrets whose overlap ended by now are dropped; one still inside it keeps signing.
      const stillValid = older.filter((s) => s.validUntil !== undefined && Date.parse(s.validUntil) > Date.parse(event.at));
      const kept = previous === undefined ? [] : [{ secret: previous.secret, validUntil: event.previousValidUntil }];
      return { ...current, secrets: [{ secret: event.secret }, ...kept, ...stillValid], updatedAt };
    }
    case 'disabled':
      return { ...current, status: 'disabled', disabledReason: event.reason, disabledBy: event.by, disabledAt: event.at, updatedAt };
    case 'enabled': {
      const { disabledReason: _reason, disabledBy: _by, disabledAt: _at, ...rest } = current;
      return { ...rest, status: 'enabled', updatedAt, ...(event.resumeAfter === undefined ? {} : { resumeAfter: event.resumeAfter }) };
    }
    case 'deleted':
      return { ...current, deleted: true, updatedAt };
  }
}

/** The registry after one more event: a new map (O(endpoints)); for streaming use `nextEndpoint` per key. */
export function applyEndpointEvent(registry: EndpointRegistry, event: WebhookEndpointEvent): EndpointRegistry {
  const current = registry.get(event.endpointId);
  const next = nextEndpoint(current, event);
  if (next === current || next === undefined) return registry;
  return new Map(registry).set(event.endpointId, next);
}

/** Every endpoint from its events in topic order (tombstones included). */
export function foldEndpoints(events: Iterable<WebhookEndpointEvent>): EndpointRegistry {
  const registry = new Map<string, WebhookEndpoint>();
  for (const event of events) {
    const next = nextEndpoint(registry.get(event.endpointId), event);
    if (next !== undefined) registry.set(event.endpointId, next);
  }
  return registry;
}

/** A pharmacy's endpoints that are not deleted, oldest first. */
export function endpointsOf(registry: EndpointRegistry, pharmacyOds: string): WebhookEndpoint[] {
  return [...registry.values()].filter((e) => !e.deleted && e.pharmacyOds === pharmacyOds).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** The (encrypted) secrets that sign at `now`: the current one and any previous one inside its overlap. */
export function activeSecrets(endpoint: WebhookEndpoint, now: Date): string[] {
  return endpoint.secrets.filter((s) => s.validUntil === undefined || Date.parse(s.validUntil) > now.getTime()).map((s) => s.secret);
}

/** Whether the endpoint wants events of this type. */
export function subscribes(endpoint: WebhookEndpoint, type: PharmacyEventType): boolean {
  return endpoint.eventTypes.includes(type);
}
