import { type GpMessage, gpMessageSchema } from '@firstsync/contracts';
import { HEADER, type IncomingRecord } from '@firstsync/kafka';
import { z } from 'zod';
import type { TransportKind, TransportOutcomeKind } from '../transport/port';

/** One try, kept in the record as it travels through the tiers, so the dead letter has the whole story. */
export interface AttemptRecord {
  readonly attempt: number;
  readonly at: string;
  readonly transport: TransportKind;
  /** `circuit-open`: not sent, the practice's breaker was open. */
  readonly outcome: TransportOutcomeKind | 'circuit-open';
  readonly code: string;
  /** PII-free. */
  readonly message: string;
  readonly durationMs: number;
}

/** A message on its way: the GpMessage plus what happened to it so far. */
export interface DeliveryWork {
  readonly gpMessage: GpMessage;
  readonly attempts: readonly AttemptRecord[];
  readonly firstAttemptAt: string | null;
}

/** Value of a record on a `delivery.retry.*` tier topic. */
export interface RetryEnvelope extends DeliveryWork {
  readonly kind: 'delivery-retry';
  readonly notBefore: string;
}

export type DeadLetterDisposition = 'dead-lettered' | 'needs-fallback' | 'unreadable';

/** Value of a record on `delivery.dead-letter`. */
export interface DeadLetterValue {
  readonly disposition: DeadLetterDisposition;
  /** The last reason, repeated from `attempts` for readers that want only that. */
  readonly reason: { readonly code: string; readonly message: string };
  readonly deadLetteredAt: string;
  readonly gpMessage: GpMessage | null;
  readonly attempts: readonly AttemptRecord[];
  readonly firstAttemptAt: string | null;
  readonly deadline: string | null;
  /** Only for unreadable input: where it came from and its raw text, so nothing is lost. */
  readonly source?: { readonly topic: string; readonly partition: number; readonly offset: string };
  readonly raw?: string | null;
}

/** Value of a record on `delivery.parked`. */
export interface ParkedValue {
  readonly reason: string;
  readonly message: string;
  readonly parkedAt: string;
  readonly gpMessage: GpMessage;
}

/** Set on a message put back on gp-messages by a `release-practice` command: the command's offset. */
export const RELEASED_BY_HEADER = 'x-released-by-command-offset';
export const RESEND_COMMAND_HEADER = 'x-resend-command-id';
export const RETRY_TIER_HEADER = 'x-retry-tier';
/**
 * On a retry-tier record: when (ms since epoch, delivery's clock) the message was held back by a
 * failure or an open breaker. If the practice's breaker closes after that, the record is due at once.
 */
export const HELD_SINCE_HEADER = 'x-held-since';

/** Calls that actually went out so far (breaker refusals are kept in the history but are not attempts). */
export function attemptsMade(attempts: readonly AttemptRecord[]): number {
  return attempts.filter((attempt) => attempt.outcome !== 'circuit-open').length;
}

/** Breaker refusals in a row at the end of the history. */
export function refusalsInARow(attempts: readonly AttemptRecord[]): number {
  let count = 0;
  for (let i = attempts.length - 1; i >= 0 && attempts[i]?.outcome === 'circuit-open'; i -= 1) count += 1;
  return count;
}

const attemptSchema = z.object({
  attempt: z.int().min(1),
  at: z.string(),
  transport: z.enum(['fhir-rest', 'mesh', 'nhsmail']),
  outcome: z.enum(['delivered', 'duplicate', 'accepted', 'retryable', 'permanent', 'message-fault', 'circuit-open']),
  code: z.string(),
  message: z.string(),
  durationMs: z.number().min(0),
});

const retryEnvelopeSchema = z.object({
  kind: z.literal('delivery-retry'),
  gpMessage: gpMessageSchema,
  attempts: z.array(attemptSchema),
  firstAttemptAt: z.string().nullable(),
  notBefore: z.string(),
});

export type DeliveryInput =
  | { readonly kind: 'work'; readonly work: DeliveryWork; readonly releasedByOffset: number | null }
  | { readonly kind: 'unreadable'; readonly reason: string; readonly consultationId: string | null };

function decodeJson(record: IncomingRecord): unknown {
  try {
    return JSON.parse(record.value?.toString('utf8') ?? '');
  } catch {
    return undefined;
  }
}

function problems(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Reads a record from gp-messages (a GpMessage) or from a retry tier (a RetryEnvelope). */
export function readDeliveryInput(record: IncomingRecord, fromRetryTier: boolean): DeliveryInput {
  const consultationId = record.headers[HEADER.consultationId] ?? null;
  const json = decodeJson(record);
  if (json === undefined) return { kind: 'unreadable', reason: 'record value is not JSON', consultationId };
  if (fromRetryTier) {
    const parsed = retryEnvelopeSchema.safeParse(json);
    if (!parsed.success) return { kind: 'unreadable', reason: `not a retry envelope: ${problems(parsed.error)}`, consultationId };
    const { gpMessage, attempts, firstAttemptAt } = parsed.data;
    return { kind: 'work', work: { gpMessage, attempts, firstAttemptAt }, releasedByOffset: null };
  }
  const parsed = gpMessageSchema.safeParse(json);
  if (!parsed.success) return { kind: 'unreadable', reason: `not a GpMessage: ${problems(parsed.error)}`, consultationId };
  const released = record.headers[RELEASED_BY_HEADER];
  return {
    kind: 'work',
    work: { gpMessage: parsed.data, attempts: [], firstAttemptAt: null },
    releasedByOffset: released !== undefined && /^\d+$/.test(released) ? Number(released) : null,
  };
}

/** Due time of a retry-tier record (header first; the value has it too, but reading it costs a parse). */
export function heldSinceOf(record: IncomingRecord): number | null {
  const header = record.headers[HELD_SINCE_HEADER];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
}

export function notBeforeOf(record: IncomingRecord): number {
  const header = record.headers[HEADER.notBefore];
  const parsed = header ? Date.parse(header) : Number.NaN;
  return Number.isNaN(parsed) ? 0 : parsed;
}
