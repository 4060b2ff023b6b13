import type { GpMessage, Transport as TransportKind } from '@firstsync/contracts';

export type { TransportKind };

/** Where and how one practice is served, resolved from the practice directory. */
export interface Route {
  readonly practiceOds: string;
  readonly transport: TransportKind;
  /** fhir-rest: the endpoint base; `{practiceOds}` in it is replaced by the practice's code. */
  readonly fhirBaseUrl?: string | undefined;
  /** nhsmail: the practice's shared mailbox. */
  readonly nhsmailAddress?: string | undefined;
  /** Calls to this practice in flight at once (per delivery instance). */
  readonly concurrency: number;
  /** Whether the practice has its own entry or rides on the default route. */
  readonly source: 'practice' | 'default';
}

/**
 * How one send ended, as far as the transport can tell at the time. Two origins, kept apart so the
 * engine cannot confuse them (issue #18):
 *
 * The far side answered, or stayed silent (these, and only these, move the practice's breaker):
 * - `delivered`: the receiving side confirmed it (FHIR: 2xx with a non-error OperationOutcome).
 * - `duplicate`: the receiver already had it (same Bundle.identifier); counts as delivered.
 * - `accepted`: handed over, but success is decided later by an acknowledgement (MESH: ITK3 acks);
 *    the transport's `acknowledgements` source reports the final outcome.
 * - `retryable`: worth trying again later (network, timeout, 408, 429, 5xx).
 * - `permanent`: the far side refused it for good (4xx with an error OperationOutcome, a MESH 4xx).
 *
 * Our side:
 * - `message-fault`: the request for this message could not be built or handed to the network
 *    (a header value the transport cannot carry, a body that cannot be serialised, a bug thrown in
 *    our code): nothing left for the far side, so it says nothing about the practice. Trying again
 *    builds the same request, so it is dead-lettered at once for an operator.
 *
 * `code` is machine-readable (HTTP status, `timeout`, `ECONNREFUSED`, an ITK3 code); `message` is
 * PII-free text (a receiver's diagnostics are scrubbed and truncated before they get here).
 */
export type TransportOutcome =
  | { readonly kind: 'delivered'; readonly code: string; readonly message: string; readonly durationMs: number }
  | { readonly kind: 'duplicate'; readonly code: string; readonly message: string; readonly durationMs: number }
  | { readonly kind: 'accepted'; readonly code: string; readonly message: string; readonly durationMs: number; readonly transportMessageId?: string }
  | { readonly kind: 'retryable'; readonly code: string; readonly message: string; readonly durationMs: number }
  | { readonly kind: 'permanent'; readonly code: string; readonly message: string; readonly durationMs: number }
  | { readonly kind: 'message-fault'; readonly code: string; readonly message: string; readonly durationMs: number };

export type TransportOutcomeKind = TransportOutcome['kind'];

export interface SendOptions {
  /** Aborted when the service shuts down; the transport applies its own per-request timeout too. */
  readonly signal?: AbortSignal;
}

/**
 * A final outcome that arrives after `send` answered `accepted` (e.g. an ITK3 business ack 30001,
 * a negative ack 20009, a MESH EPL-15x report, or "no ack before the deadline").
 */
export interface Acknowledgement {
  readonly consultationId: string;
  readonly version: number;
  readonly practiceOds: string;
  readonly bundleIdentifier: string;
  readonly transport: TransportKind;
  /** `needs-fallback` covers 20010, 30002/30003 and routing errors: the structured route cannot deliver. */
  readonly outcome: 'delivered' | 'retryable' | 'permanent' | 'needs-fallback';
  readonly code: string;
  readonly message: string;
  readonly receivedAt: Date;
}

/** Where a transport's asynchronous acknowledgements come from (a MESH inbox poller, ...). */
export interface AcknowledgementSource {
  /** Starts reporting; `onAck` resolves once the outcome is durably recorded, so the source may then let the ack go. */
  start(onAck: (ack: Acknowledgement) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The port every transport adapter (FHIR REST, MESH, NHSmail) implements. `send` should not throw:
 * a failure while building the request is a `message-fault` outcome (see `message-fault.ts`); the
 * engine treats anything thrown anyway as one too.
 */
export interface Transport {
  readonly kind: TransportKind;
  send(message: GpMessage, route: Route, options?: SendOptions): Promise<TransportOutcome>;
  /** Present when success is decided later than `send` (MESH). */
  readonly acknowledgements?: AcknowledgementSource;
  close?(): Promise<void>;
}
