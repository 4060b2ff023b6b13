import { type PharmacyEvent, pharmacyEventSchema } from '@firstsync/contracts';
import { Webhook } from 'standardwebhooks';
import { defaultReceiverBehaviour, type ReceiverBehaviour } from './behaviour';

/** One event as the simulated pharmacy system received it (PII-free by contract, so kept whole). */
export interface ReceivedWebhook {
  webhookId: string;
  receivedAt: string;
  /** The `webhook-timestamp` header (unix seconds) of the first delivery accepted. */
  webhookTimestamp: string;
  /** Which secret verified it: 0 = the newest set. */
  verifiedWith: number;
  /** Deliveries of this webhook-id that reached the handling (the first, then duplicates). */
  deliveries: number;
  /** data.pharmacyOds names another pharmacy: a delivery to the wrong system. */
  wrongPharmacy: boolean;
  event: PharmacyEvent;
}

export interface ReceiverCounts {
  /** Every POST, whatever came of it. */
  requests: number;
  /** Distinct events received (verified, well-formed, first delivery). */
  received: number;
  /** Verified deliveries of a webhook-id already received. */
  duplicates: number;
  /** No secret verified the signature (or none is set, or the timestamp is too old or new). */
  invalidSignature: number;
  /** Verified, but the body is not a pharmacy event, or its eventId is not the webhook-id. */
  malformed: number;
  /** Distinct events whose data.pharmacyOds is not this pharmacy. */
  wrongPharmacy: number;
  /** Answered with an error or never answered because of the behaviour switch. */
  failedOnPurpose: number;
  hung: number;
}

export type ReceiveOutcome = { kind: 'hang' } | { kind: 'answer'; status: number; body?: { title: string; status: number } };

export interface PharmacySystemsOptions {
  /** Received events kept per pharmacy (oldest dropped first); counts cover every one. */
  keepEvents?: number;
  /** webhook-ids remembered per pharmacy for de-duplication. */
  rememberIds?: number;
  now?: () => Date;
}

/** Secrets kept per pharmacy: the newest few, so a rotation's old and new both verify. */
export const MAX_SECRETS = 3;

const zeroCounts = (): ReceiverCounts => ({
  requests: 0,
  received: 0,
  duplicates: 0,
  invalidSignature: 0,
  malformed: 0,
  wrongPharmacy: 0,
  failedOnPurpose: 0,
  hung: 0,
});

class PharmacySystem {
  /** Newest first. */
  secrets: string[] = [];
  behaviour: ReceiverBehaviour = defaultReceiverBehaviour();
  counts = zeroCounts();
  readonly events: ReceivedWebhook[] = [];
  /** webhook-id -> its entry while still kept (undefined once only the id is remembered). */
  readonly seen = new Map<string, ReceivedWebhook | undefined>();
  /** Failed-on-purpose deliveries per webhook-id, for the flaky mode. */
  readonly failedAttempts = new Map<string, number>();

  constructor(readonly ods: string) {}
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  return typeof value === 'string' ? value : '';
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.set(key, value);
  // Maps iterate in insertion order: the first keys are the oldest.
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}

/**
 * The simulated pharmacy systems that receive firstsync's webhooks: each verifies the Standard
 * Webhooks signature with the official `standardwebhooks` library (not firstsync's own code)
 * against the secrets set for it, de-duplicates by webhook-id and counts everything that would
 * worry a supplier (bad signatures, malformed payloads, another pharmacy's events).
 */
export class PharmacySystems {
  readonly #systems = new Map<string, PharmacySystem>();
  readonly #keepEvents: number;
  readonly #rememberIds: number;
  readonly #now: () => Date;

  constructor(options: PharmacySystemsOptions = {}) {
    this.#keepEvents = options.keepEvents ?? 10_000;
    this.#rememberIds = Math.max(this.#keepEvents, options.rememberIds ?? 100_000);
    this.#now = options.now ?? (() => new Date());
  }

  #system(ods: string): PharmacySystem {
    const key = ods.toUpperCase();
    let system = this.#systems.get(key);
    if (!system) {
      system = new PharmacySystem(key);
      this.#systems.set(key, system);
    }
    return system;
  }

  /** Adds a secret (newest first, at most MAX_SECRETS kept), or with `replace` makes it the only one. */
  setSecret(ods: string, secret: string, replace = false): number {
    const system = this.#system(ods);
    system.secrets = replace ? [secret] : [secret, ...system.secrets.filter((s) => s !== secret)].slice(0, MAX_SECRETS);
    return system.secrets.length;
  }

  setBehaviour(ods: string, behaviour: ReceiverBehaviour): void {
    const system = this.#system(ods);
    system.behaviour = behaviour;
    system.failedAttempts.clear();
  }

  receive(ods: string, rawBody: string, headers: Record<string, string | string[] | undefined>): ReceiveOutcome {
    const system = this.#system(ods);
    system.counts.requests += 1;
    const { behaviour } = system;
    const refuse = (status: number, title: string): ReceiveOutcome => ({ kind: 'answer', status, body: { title, status } });
    if (behaviour.mode === 'hang') {
      system.counts.hung += 1;
      return { kind: 'hang' };
    }
    if (behaviour.mode === 'fail') {
      system.counts.failedOnPurpose += 1;
      return refuse(behaviour.status, 'Failing on purpose (behaviour: fail)');
    }

    const signed = {
      'webhook-id': headerValue(headers, 'webhook-id'),
      'webhook-timestamp': headerValue(headers, 'webhook-timestamp'),
      'webhook-signature': headerValue(headers, 'webhook-signature'),
    };
    const verifiedWith = system.secrets.findIndex((secret) => {
      try {
        new Webhook(secret).verify(rawBody, signed);
        return true;
      } catch {
        return false;
      }
    });
    if (verifiedWith < 0) {
      system.counts.invalidSignature += 1;
      return refuse(401, system.secrets.length === 0 ? 'No webhook secret set for this pharmacy' : 'Invalid webhook signature');
    }
    const webhookId = signed['webhook-id'];

    const known = system.seen.get(webhookId);
    if (system.seen.has(webhookId)) {
      system.counts.duplicates += 1;
      if (known) known.deliveries += 1;
      return { kind: 'answer', status: 204 };
    }

    if (behaviour.mode === 'flaky') {
      const failed = system.failedAttempts.get(webhookId) ?? 0;
      if (failed < behaviour.failFirst) {
        remember(system.failedAttempts, webhookId, failed + 1, this.#rememberIds);
        system.counts.failedOnPurpose += 1;
        return refuse(behaviour.status, `Failing on purpose (behaviour: flaky, ${failed + 1} of ${behaviour.failFirst})`);
      }
      system.failedAttempts.delete(webhookId);
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      parsed = undefined;
    }
    const event = pharmacyEventSchema.safeParse(parsed);
    if (!event.success || event.data.eventId !== webhookId) {
      system.counts.malformed += 1;
      return refuse(400, event.success ? 'eventId differs from the webhook-id' : 'Not a pharmacy event');
    }

    const wrongPharmacy = event.data.data.pharmacyOds.toUpperCase() !== system.ods;
    if (wrongPharmacy) system.counts.wrongPharmacy += 1;
    const entry: ReceivedWebhook = {
      webhookId,
      receivedAt: this.#now().toISOString(),
      webhookTimestamp: signed['webhook-timestamp'],
      verifiedWith,
      deliveries: 1,
      wrongPharmacy,
      event: event.data,
    };
    system.counts.received += 1;
    system.events.push(entry);
    remember(system.seen, webhookId, entry, this.#rememberIds);
    // Let go of the oldest kept events; their ids stay remembered (entry undefined) for de-duplication.
    while (system.events.length > this.#keepEvents) {
      const dropped = system.events.shift();
      if (dropped && system.seen.has(dropped.webhookId)) system.seen.set(dropped.webhookId, undefined);
    }
    return { kind: 'answer', status: 204 };
  }

  /** One pharmacy's view; a pharmacy never configured or called answers empty. */
  inspect(ods: string) {
    const system = this.#systems.get(ods.toUpperCase());
    return {
      pharmacyOds: ods.toUpperCase(),
      secrets: system?.secrets.length ?? 0,
      behaviour: system?.behaviour ?? defaultReceiverBehaviour(),
      counts: system ? { ...system.counts } : zeroCounts(),
      events: system ? system.events.map((e) => ({ ...e })) : [],
    };
  }

  pharmacies(): string[] {
    return [...this.#systems.keys()].sort();
  }

  /** Sums over every pharmacy (what a chaos run checks). */
  totals(): ReceiverCounts {
    const total = zeroCounts();
    for (const system of this.#systems.values()) for (const key of Object.keys(total) as (keyof ReceiverCounts)[]) total[key] += system.counts[key];
    return total;
  }

  reset(): void {
    this.#systems.clear();
  }
}
