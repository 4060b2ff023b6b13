import type { FeedRecord, ReceiverView } from '@firstsync/system-harness';

export interface WebhookAccountingInput {
  /** Pharmacies with an endpoint pointing at their simulated pharmacy system, and where each endpoint starts. */
  readonly pharmacies: readonly { readonly ods: string; readonly startAfter?: ReadonlyMap<number, bigint> }[];
  /** pharmacy.events.v1 as read from the beginning (re-projections of one fact share its eventId). */
  readonly feed: readonly FeedRecord[];
  /** What each simulated pharmacy system received. */
  readonly receivers: readonly ReceiverView[];
  /** consultationIds each pharmacy had accepted by ingest: every one must be in its feed. */
  readonly accepted?: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface PharmacyWebhookAccounting {
  readonly ods: string;
  /** Distinct events of this pharmacy in the feed from its endpoint's start. */
  readonly expected: number;
  /** Expected events its pharmacy system received (verified, deduplicated by webhook-id). */
  readonly delivered: number;
  /** Expected but never received. Must be none. */
  readonly lost: readonly string[];
  /** Received again after the first verified delivery (retries racing a success, crash replays). */
  readonly duplicatesOnWire: number;
  /** Received here but about another pharmacy. Must be 0. */
  readonly wrongPharmacy: number;
  /** Requests whose signature did not verify. Must be 0. */
  readonly invalidSignatures: number;
  readonly malformed: number;
  /** Requests the receiver failed (flaky) or left hanging on purpose: proof the fault happened. */
  readonly failedOnPurpose: number;
  readonly hung: number;
  /** Received, about this pharmacy, but not (yet) seen in the feed. */
  readonly notInFeed: number;
  /** Per consultation, an event that first arrived after one that comes later in the feed. Must be 0. */
  readonly orderViolations: number;
  /** Accepted consultations with no consultation.accepted event in the feed (projection lost one). Must be none. */
  readonly acceptedNotInFeed: readonly string[];
  /** Accepted consultations with no outcome (delivered, rejected, fallback-sent, needs-attention) in the feed yet. */
  readonly withoutOutcome: readonly string[];
  /** The simulator keeps the latest SIMULATOR_PHARMACY_KEEP_EVENTS per pharmacy: beyond that, `lost` cannot be judged. */
  readonly receiverTruncated: boolean;
}

export interface WebhookAccounting {
  readonly pharmacies: readonly PharmacyWebhookAccounting[];
  readonly expected: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicatesOnWire: number;
  readonly wrongPharmacy: number;
  readonly invalidSignatures: number;
  readonly orderViolations: number;
  readonly acceptedNotInFeed: number;
  readonly withoutOutcome: number;
}

const OUTCOMES: ReadonlySet<string> = new Set([
  'consultation.delivered',
  'consultation.rejected',
  'consultation.fallback-sent',
  'consultation.needs-attention',
]);

const sum = (items: readonly PharmacyWebhookAccounting[], field: (item: PharmacyWebhookAccounting) => number) =>
  items.reduce((total, item) => total + field(item), 0);

/**
 * Pure: did every pharmacy event reach its own pharmacy's system, once it is deduplicated, in
 * order per consultation, and nothing reach the wrong one. Expected = the pharmacy's distinct
 * events on pharmacy.events.v1 at or after its endpoint's start (first occurrence = feed position).
 */
export function accountWebhooks(input: WebhookAccountingInput): WebhookAccounting {
  // Feed position of each distinct event (its first occurrence), and whose it is.
  const position = new Map<string, number>();
  const ownerOf = new Map<string, string>();
  input.feed.forEach((record, index) => {
    if (position.has(record.event.eventId)) return;
    position.set(record.event.eventId, index);
    ownerOf.set(record.event.eventId, record.event.data.pharmacyOds.toUpperCase());
  });

  const results = input.pharmacies.map((pharmacy): PharmacyWebhookAccounting => {
    const ods = pharmacy.ods.toUpperCase();
    const expected = new Set<string>();
    const acceptedInFeed = new Set<string>();
    const withOutcome = new Set<string>();
    for (const record of input.feed) {
      if (record.event.data.pharmacyOds.toUpperCase() !== ods) continue;
      if (record.event.type === 'consultation.accepted') acceptedInFeed.add(record.event.data.consultationId);
      if (OUTCOMES.has(record.event.type)) withOutcome.add(record.event.data.consultationId);
      const start = pharmacy.startAfter?.get(record.partition);
      if (start !== undefined && BigInt(record.offset) < start) continue;
      expected.add(record.event.eventId);
    }
    const receiver = input.receivers.find((r) => r.pharmacyOds.toUpperCase() === ods);
    const received = receiver?.events ?? [];
    const receivedIds = new Set(received.map((r) => r.webhookId));
    let wrongPharmacy = 0;
    let notInFeed = 0;
    for (const entry of received) {
      const owner = ownerOf.get(entry.webhookId);
      if (entry.wrongPharmacy || entry.event.data.pharmacyOds.toUpperCase() !== ods || (owner !== undefined && owner !== ods)) wrongPharmacy += 1;
      else if (owner === undefined) notInFeed += 1;
    }
    // Order: per consultation, arrival order must be feed order.
    const lastPosition = new Map<string, number>();
    let orderViolations = 0;
    for (const entry of received) {
      const at = position.get(entry.webhookId);
      if (at === undefined) continue;
      const consultation = entry.event.data.consultationId;
      const before = lastPosition.get(consultation);
      if (before !== undefined && at < before) orderViolations += 1;
      else lastPosition.set(consultation, at);
    }
    const accepted = input.accepted?.get(ods) ?? new Set<string>();
    return {
      ods,
      expected: expected.size,
      delivered: [...expected].filter((id) => receivedIds.has(id)).length,
      lost: [...expected].filter((id) => !receivedIds.has(id)),
      duplicatesOnWire: receiver?.counts.duplicates ?? 0,
      wrongPharmacy: Math.max(wrongPharmacy, receiver?.counts.wrongPharmacy ?? 0),
      invalidSignatures: receiver?.counts.invalidSignature ?? 0,
      malformed: receiver?.counts.malformed ?? 0,
      failedOnPurpose: receiver?.counts.failedOnPurpose ?? 0,
      hung: receiver?.counts.hung ?? 0,
      notInFeed,
      orderViolations,
      acceptedNotInFeed: [...accepted].filter((id) => !acceptedInFeed.has(id)),
      withoutOutcome: [...accepted].filter((id) => !withOutcome.has(id)),
      receiverTruncated: receiver !== undefined && receiver.counts.received > receiver.events.length,
    };
  });
  return {
    pharmacies: results,
    expected: sum(results, (r) => r.expected),
    delivered: sum(results, (r) => r.delivered),
    lost: sum(results, (r) => r.lost.length),
    duplicatesOnWire: sum(results, (r) => r.duplicatesOnWire),
    wrongPharmacy: sum(results, (r) => r.wrongPharmacy),
    invalidSignatures: sum(results, (r) => r.invalidSignatures),
    orderViolations: sum(results, (r) => r.orderViolations),
    acceptedNotInFeed: sum(results, (r) => r.acceptedNotInFeed.length),
    withoutOutcome: sum(results, (r) => r.withoutOutcome.length),
  };
}

/** The figures as report lines. */
export function formatWebhookAccounting(accounting: WebhookAccounting): string[] {
  return [
    `webhook events expected     ${accounting.expected} (pharmacy.events.v1 from each endpoint's start)`,
    `webhook events delivered    ${accounting.delivered} (verified, deduplicated by webhook-id)`,
    `webhook events LOST         ${accounting.lost}`,
    `webhook duplicates on wire  ${accounting.duplicatesOnWire} (deduplicated by the pharmacy system)`,
    `webhooks to wrong pharmacy  ${accounting.wrongPharmacy}`,
    `webhook invalid signatures  ${accounting.invalidSignatures}`,
    `webhook order violations    ${accounting.orderViolations} (per consultation, first arrival vs feed order)`,
    `accepted, missing from feed ${accounting.acceptedNotInFeed} (no consultation.accepted event)`,
    `without outcome in the feed ${accounting.withoutOutcome} (no delivered, rejected, fallback-sent or needs-attention event)`,
    ...accounting.pharmacies.map(
      (p) =>
        `  ${p.ods}: expected ${p.expected}, delivered ${p.delivered}, lost ${p.lost.length}, duplicates ${p.duplicatesOnWire}, wrong pharmacy ${p.wrongPharmacy}, invalid signatures ${p.invalidSignatures}, malformed ${p.malformed}, failed on purpose ${p.failedOnPurpose}, hung ${p.hung}, not in feed ${p.notInFeed}, order violations ${p.orderViolations}${p.receiverTruncated ? ' (receiver kept only the latest events: not judged)' : ''}`,
    ),
  ];
}
