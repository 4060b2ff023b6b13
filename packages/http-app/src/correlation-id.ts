import { randomUUID } from 'node:crypto';
import { TRACE_HEADER } from '@firstsync/logging';

export const CORRELATION_ID_HEADER = TRACE_HEADER.correlationId;

// Conservative on purpose: the value travels into Kafka headers, events and logs, so anything
// that could carry free text is replaced rather than trusted. A run of 10 digits could be an
// NHS number, so such values are replaced too (a rare all-digit UUID group costs only a new id).
const SAFE_CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;
const TEN_DIGITS = /\d{10}/;

/** The caller's X-Correlation-Id when it is a plausible id, otherwise a new UUID. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && SAFE_CORRELATION_ID.test(value) && !TEN_DIGITS.test(value)) return value;
  return randomUUID();
}
