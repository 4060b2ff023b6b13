import type { WebhookAttempt, WebhookEndpointEvent } from '@firstsync/contracts';
import { DEFAULT_KEPT_ATTEMPTS, type EndpointAttempts, nextEndpoint, nextEndpointAttempts, type WebhookEndpoint } from '@firstsync/pharmacy-events';

/** What ops see of one endpoint: never the path or query of its URL (they can carry tokens), never a secret. */
export interface EndpointSummary {
  endpointId: string;
  pharmacyOds: string;
  host: string;
  status: WebhookEndpoint['status'];
  disabledReason?: string;
  disabledBy?: WebhookEndpoint['disabledBy'];
  disabledAt?: string;
  eventTypes: readonly string[];
  createdAt: string;
  failuresInARow: number;
  failingSince?: string;
  /** Newest first; no response excerpts (that is the pharmacy's server's text, for them only). */
  recent: AttemptSummary[];
}

export type AttemptSummary = Pick<WebhookAttempt, 'at' | 'eventType' | 'attempt' | 'outcome' | 'status' | 'error' | 'durationMs' | 'nextAttemptAt'>;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(not a URL)';
  }
}

function attemptSummary(a: WebhookAttempt): AttemptSummary {
  const { at, eventType, attempt, outcome, status, error, durationMs, nextAttemptAt } = a;
  return {
    at,
    eventType,
    attempt,
    outcome,
    durationMs,
    ...(status === undefined ? {} : { status }),
    ...(error === undefined ? {} : { error }),
    ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }),
  };
}

/**
 * Every pharmacy's webhook endpoints and their recent attempts, as the dashboard materialises
 * pharmacy.webhook-endpoints.v1 and pharmacy.webhook-attempts.v1 (the transitions are
 * @firstsync/pharmacy-events', applied per key as records stream in).
 */
export class WebhookView {
  readonly #endpoints = new Map<string, WebhookEndpoint>();
  readonly #attempts = new Map<string, EndpointAttempts>();

  constructor(private readonly keepAttempts = DEFAULT_KEPT_ATTEMPTS) {}

  applyEndpointEvent(event: WebhookEndpointEvent): void {
    const next = nextEndpoint(this.#endpoints.get(event.endpointId), event);
    if (next !== undefined) this.#endpoints.set(event.endpointId, next);
  }

  applyAttempt(attempt: WebhookAttempt): void {
    this.#attempts.set(attempt.endpointId, nextEndpointAttempts(this.#attempts.get(attempt.endpointId), attempt, this.keepAttempts));
  }

  /** Endpoints not deleted, by pharmacy then creation time. */
  summaries(recentPerEndpoint = 10): EndpointSummary[] {
    return [...this.#endpoints.values()]
      .filter((e) => !e.deleted)
      .sort((a, b) => (a.pharmacyOds < b.pharmacyOds ? -1 : a.pharmacyOds > b.pharmacyOds ? 1 : Date.parse(a.createdAt) - Date.parse(b.createdAt)))
      .map((e) => {
        const attempts = this.#attempts.get(e.endpointId);
        return {
          endpointId: e.endpointId,
          pharmacyOds: e.pharmacyOds,
          host: hostOf(e.url),
          status: e.status,
          ...(e.disabledReason === undefined ? {} : { disabledReason: e.disabledReason }),
          ...(e.disabledBy === undefined ? {} : { disabledBy: e.disabledBy }),
          ...(e.disabledAt === undefined ? {} : { disabledAt: e.disabledAt }),
          eventTypes: e.eventTypes,
          createdAt: e.createdAt,
          failuresInARow: attempts?.failuresInARow ?? 0,
          ...(attempts?.failingSince === undefined ? {} : { failingSince: attempts.failingSince }),
          recent: (attempts?.recent ?? []).slice(-recentPerEndpoint).reverse().map(attemptSummary),
        };
      });
  }
}
