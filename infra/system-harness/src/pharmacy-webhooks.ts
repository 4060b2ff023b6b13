import { PHARMACY_EVENT_TYPES, type PharmacyEvent, type PharmacyEventType, pharmacyEventSchema } from '@firstsync/contracts';
import { createKafkaClient, type Materialised, materialise, type TopicNames } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';

// Clients for the two ends of the pharmacy webhooks: pharmacy-notify's endpoint registry (the API a
// pharmacy system calls with its API key) and the simulated pharmacy systems in the NHS simulator
// (/pharmacy-system/{ods}/...: a receiver verifying signatures with the official library, plus
// admin calls to give it the secret and make it misbehave). Shared by e2e, chaos, benchmarks and
// `npm start`'s demo, so they are plain fetch calls with no test framework in them.

export interface WebhookEndpointRequest {
  readonly url: string;
  /** Default: every pharmacy event type. */
  readonly eventTypes?: readonly PharmacyEventType[];
  readonly description?: string;
}

export interface RegisteredWebhookEndpoint {
  readonly endpointId: string;
  /** The Standard Webhooks signing secret (`whsec_...`), as the pharmacy system keeps it. */
  readonly secret: string;
}

const asRecord = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

async function expectOk(response: Response, what: string): Promise<unknown> {
  const body = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${body.slice(0, 300)}`);
  return body === '' ? undefined : (JSON.parse(body) as unknown);
}

const bearer = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });

/**
 * Registers a webhook endpoint with pharmacy-notify as the pharmacy with this API key, and returns
 * its id and signing secret (from the creation answer, else from GET .../secret).
 */
export async function registerWebhookEndpoint(notifyUrl: string, apiKey: string, request: WebhookEndpointRequest): Promise<RegisteredWebhookEndpoint> {
  const response = await fetch(`${notifyUrl}/v1/webhooks/endpoints`, {
    method: 'POST',
    headers: { ...bearer(apiKey), 'content-type': 'application/json' },
    body: JSON.stringify({ ...request, eventTypes: request.eventTypes ?? PHARMACY_EVENT_TYPES }),
    signal: AbortSignal.timeout(30_000),
  });
  const created = asRecord(await expectOk(response, 'POST /v1/webhooks/endpoints'));
  const endpointId = text(created.id);
  if (endpointId === undefined) throw new Error('POST /v1/webhooks/endpoints answered without an id');
  const secret = text(created.secret) ?? (await webhookEndpointSecret(notifyUrl, apiKey, endpointId));
  return { endpointId, secret };
}

/** The endpoint's current signing secret (GET /v1/webhooks/endpoints/{id}/secret). */
export async function webhookEndpointSecret(notifyUrl: string, apiKey: string, endpointId: string): Promise<string> {
  const response = await fetch(`${notifyUrl}/v1/webhooks/endpoints/${endpointId}/secret`, { headers: bearer(apiKey), signal: AbortSignal.timeout(30_000) });
  const body = asRecord(await expectOk(response, 'GET /v1/webhooks/endpoints/{id}/secret'));
  const secret = text(body.secret);
  if (secret === undefined) throw new Error('GET /v1/webhooks/endpoints/{id}/secret answered without a secret');
  return secret;
}

/** What a test reads of an endpoint as pharmacy-notify shows it to its owner. */
export interface WebhookEndpointStatus {
  readonly id: string;
  readonly url: string;
  readonly status: 'enabled' | 'disabled';
  readonly disabledReason?: string;
  readonly disabledBy?: 'system' | 'owner';
}

/** The pharmacy's own endpoints (GET /v1/webhooks/endpoints). */
export async function webhookEndpoints(notifyUrl: string, apiKey: string): Promise<readonly WebhookEndpointStatus[]> {
  const response = await fetch(`${notifyUrl}/v1/webhooks/endpoints`, { headers: bearer(apiKey), signal: AbortSignal.timeout(30_000) });
  const body = asRecord(await expectOk(response, 'GET /v1/webhooks/endpoints'));
  return Array.isArray(body.endpoints) ? (body.endpoints as WebhookEndpointStatus[]) : [];
}

export async function webhookEndpoint(notifyUrl: string, apiKey: string, endpointId: string): Promise<WebhookEndpointStatus> {
  const response = await fetch(`${notifyUrl}/v1/webhooks/endpoints/${endpointId}`, { headers: bearer(apiKey), signal: AbortSignal.timeout(30_000) });
  return (await expectOk(response, 'GET /v1/webhooks/endpoints/{id}')) as WebhookEndpointStatus;
}

// ---- the simulated pharmacy systems (NHS simulator) ----

/** Where the simulated pharmacy system of this ODS code receives webhooks. */
export const pharmacyReceiverUrl = (simulatorUrl: string, ods: string): string => `${simulatorUrl}/pharmacy-system/${ods}/webhooks`;

export type ReceiverBehaviour =
  | { readonly mode: 'accept' }
  | { readonly mode: 'fail' | 'hang'; readonly status?: number }
  /** The first `failFirst` deliveries of each webhook-id fail, the retries then succeed. */
  | { readonly mode: 'flaky'; readonly status?: number; readonly failFirst?: number };

/** Gives the simulated pharmacy system the secret to verify with (`replace`: the only one; else added, as during a rotation). */
export async function setReceiverSecret(simulatorUrl: string, ods: string, secret: string, replace = true): Promise<void> {
  const response = await fetch(`${simulatorUrl}/pharmacy-system/${ods}/secret`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret, replace }),
    signal: AbortSignal.timeout(30_000),
  });
  await expectOk(response, `PUT /pharmacy-system/${ods}/secret`);
}

export async function setReceiverBehaviour(simulatorUrl: string, ods: string, behaviour: ReceiverBehaviour): Promise<void> {
  const response = await fetch(`${simulatorUrl}/pharmacy-system/${ods}/behaviour`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(behaviour),
    signal: AbortSignal.timeout(30_000),
  });
  await expectOk(response, `PUT /pharmacy-system/${ods}/behaviour`);
}

/** One event as the simulated pharmacy system received it (first verified delivery of its webhook-id). */
export interface ReceivedWebhook {
  readonly webhookId: string;
  readonly receivedAt: string;
  /** Verified deliveries of this webhook-id (1 = no duplicate on the wire). */
  readonly deliveries: number;
  readonly wrongPharmacy: boolean;
  readonly event: PharmacyEvent;
}

export interface ReceiverCounts {
  readonly requests: number;
  readonly received: number;
  readonly duplicates: number;
  readonly invalidSignature: number;
  readonly malformed: number;
  readonly wrongPharmacy: number;
  readonly failedOnPurpose: number;
  readonly hung: number;
}

export interface ReceiverView {
  readonly pharmacyOds: string;
  readonly counts: ReceiverCounts;
  /** In order of first arrival (the simulator keeps the latest 10,000; `counts.received` covers all). */
  readonly events: readonly ReceivedWebhook[];
}

/** What the simulated pharmacy system of this ODS code has received so far. */
export async function receivedWebhooks(simulatorUrl: string, ods: string): Promise<ReceiverView> {
  const response = await fetch(`${simulatorUrl}/pharmacy-system/${ods}/events`, { signal: AbortSignal.timeout(30_000) });
  const body = (await expectOk(response, `GET /pharmacy-system/${ods}/events`)) as ReceiverView;
  return { pharmacyOds: body.pharmacyOds, counts: body.counts, events: body.events };
}

/**
 * The usual set-up of a demo or a test: registers an endpoint for the pharmacy pointing at its
 * simulated pharmacy system, and gives that system the secret (and optionally a behaviour).
 * Register before the pharmacy has traffic: an event sent before the secret reaches the simulator
 * is refused as unsigned (401) and retried, but counted there as an invalid signature.
 */
export async function connectSimulatedPharmacySystem(options: {
  readonly notifyUrl: string;
  readonly simulatorUrl: string;
  readonly pharmacy: { readonly ods: string; readonly key: string };
  readonly eventTypes?: readonly PharmacyEventType[];
  readonly behaviour?: ReceiverBehaviour;
}): Promise<RegisteredWebhookEndpoint> {
  const { notifyUrl, simulatorUrl, pharmacy } = options;
  if (options.behaviour) await setReceiverBehaviour(simulatorUrl, pharmacy.ods, options.behaviour);
  const url = pharmacyReceiverUrl(simulatorUrl, pharmacy.ods);
  // A broker that keeps its data (npm start) still has the endpoint of an earlier run: reuse it.
  const existing = (await webhookEndpoints(notifyUrl, pharmacy.key)).find((endpoint) => endpoint.url === url);
  const endpoint = existing
    ? { endpointId: existing.id, secret: await webhookEndpointSecret(notifyUrl, pharmacy.key, existing.id) }
    : await registerWebhookEndpoint(notifyUrl, pharmacy.key, {
        url,
        ...(options.eventTypes ? { eventTypes: options.eventTypes } : {}),
        description: `simulated pharmacy system ${pharmacy.ods}`,
      });
  await setReceiverSecret(simulatorUrl, pharmacy.ods, endpoint.secret);
  return endpoint;
}

// ---- pharmacy.events.v1, as written ----

/** A pharmacy event where it sits in the feed. */
export interface FeedRecord {
  readonly partition: number;
  readonly offset: string;
  readonly event: PharmacyEvent;
}

export interface PharmacyFeedFollower {
  /** Every record read so far, in topic order per partition (re-projections included: dedupe by eventId). */
  readonly records: readonly FeedRecord[];
  /** Records that are not pharmacy events (must be none). */
  readonly unreadable: number;
  /** Resolves once everything written to the topic before the call has been read. */
  catchUp(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

const quiet = createLogger({ service: 'pharmacy-feed-observer', level: 'silent' });

/** Follows pharmacy.events.v1 from the beginning in a throwaway group, as an auditor of the feed. */
export async function followPharmacyFeed(brokers: string, topics: Pick<TopicNames, 'pharmacyEvents'>): Promise<PharmacyFeedFollower> {
  const records: FeedRecord[] = [];
  let unreadable = 0;
  const kafka = createKafkaClient({ brokers, clientId: 'pharmacy-feed-observer', retries: 10 }, quiet);
  const view: Materialised = await materialise(kafka, quiet, {
    name: 'pharmacy-feed-observer',
    groupIdPrefix: 'pharmacy-feed-observer-',
    topics: [topics.pharmacyEvents],
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
    apply: (record) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(record.value ?? ''));
      } catch {
        parsed = undefined;
      }
      const event = pharmacyEventSchema.safeParse(parsed);
      if (event.success) records.push({ partition: record.partition, offset: record.offset, event: event.data });
      else unreadable += 1;
    },
  });
  return {
    records,
    get unreadable() {
      return unreadable;
    },
    catchUp: (timeoutMs) => view.catchUp(timeoutMs),
    stop: () => view.stop(),
  };
}
