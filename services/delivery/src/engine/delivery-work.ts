import {
  type DeliveryAttempt,
  type DeliveryDeadLetter,
  type DeliveryDeadLetterDisposition,
  type DeliveryParked,
  deliveryAttemptSchema,
  type GpMessage,
  gpMessageSchema,
} from '@firstsync/contracts';
import { decodeValue, describeFailure, HEADER, type IncomingRecord, readJson } from '@firstsync/kafka';
import { z } from 'zod';

/** One try, kept in the record as it travels through the tiers (the contract's DeliveryAttempt). */
export type AttemptRecord = DeliveryAttempt;

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

export type DeadLetterDisposition = DeliveryDeadLetterDisposition;

/** Value of a record on `delivery.dead-letter` (the contract's DeliveryDeadLetter). */
export type DeadLetterValue = DeliveryDeadLetter;

/** Value of a record on `delivery.parked` (the contract's DeliveryParked). */
export type ParkedValue = DeliveryParked;

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

const retryEnvelopeSchema = z.object({
  kind: z.literal('delivery-retry'),
  gpMessage: gpMessageSchema,
  attempts: z.array(deliveryAttemptSchema),
  firstAttemptAt: z.string().nullable(),
  notBefore: z.string(),
});

export type DeliveryInput =
  | { readonly kind: 'work'; readonly work: DeliveryWork; readonly releasedByOffset: number | null }
  | { readonly kind: 'unreadable'; readonly reason: string; readonly consultationId: string | null };

/** Reads a record from gp-messages (a GpMessage) or from a retry tier (a RetryEnvelope). */
export function readDeliveryInput(record: IncomingRecord, fromRetryTier: boolean): DeliveryInput {
  const consultationId = record.headers[HEADER.consultationId] ?? null;
  const json = readJson(record.value);
  // An empty value is as unusable as broken JSON: both are dead-lettered under one reason.
  if (!json.ok) return { kind: 'unreadable', reason: 'record value is not JSON', consultationId };
  if (fromRetryTier) {
    const parsed = decodeValue(json.value, retryEnvelopeSchema);
    if (!parsed.ok) return { kind: 'unreadable', reason: `not a retry envelope: ${describeFailure(parsed)}`, consultationId };
    const { gpMessage, attempts, firstAttemptAt } = parsed.value;
    return { kind: 'work', work: { gpMessage, attempts, firstAttemptAt }, releasedByOffset: null };
  }
  const parsed = decodeValue(json.value, gpMessageSchema);
  if (!parsed.ok) return { kind: 'unreadable', reason: `not a GpMessage: ${describeFailure(parsed)}`, consultationId };
  const released = record.headers[HEADER.releasedByCommandOffset];
  return {
    kind: 'work',
    work: { gpMessage: parsed.value, attempts: [], firstAttemptAt: null },
    releasedByOffset: released !== undefined && /^\d+$/.test(released) ? Number(released) : null,
  };
}

/** Due time of a retry-tier record (header first; the value has it too, but reading it costs a parse). */
export function heldSinceOf(record: IncomingRecord): number | null {
  const header = record.headers[HEADER.heldSince];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
}

export function notBeforeOf(record: IncomingRecord): number {
  const header = record.headers[HEADER.notBefore];
  const parsed = header ? Date.parse(header) : Number.NaN;
  return Number.isNaN(parsed) ? 0 : parsed;
}
