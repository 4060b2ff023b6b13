import type { GpMessage } from '@firstsync/contracts';
import { HEADER } from '@firstsync/kafka';
import { TRACE_HEADER } from '@firstsync/logging';

/** An id for a header: visible ASCII without spaces (HTTP token-like), bounded. */
function headerId(value: string, maxLength: number): string {
  return value.replace(/[^\x21-\x7e]/g, '').slice(0, maxLength);
}

/**
 * The tracing headers of a FHIR REST `$process-message` call. Pure. None carries consultation text:
 * ids only, and every value visible ASCII, so fetch (undici) always takes the request. The
 * correlation id is checked at ingest already; here it is made safe whatever produced the message
 * (a replayed or hand-resent record), and left out if nothing of it remains.
 */
export function fhirRestHeaders(message: Pick<GpMessage, 'correlationId' | 'consultationId'>, requestId: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const entries: [string, string][] = [
    [HEADER.correlationId, headerId(message.correlationId, 128)],
    [HEADER.consultationId, headerId(message.consultationId, 64)],
    [TRACE_HEADER.requestId, headerId(requestId, 64)],
  ];
  for (const [name, value] of entries) if (value !== '') headers[name] = value;
  return headers;
}
