import type { IHeaders } from 'kafkajs';

/** Header names used on every topic, so a consultation can be traced across hops without reading payloads. */
export const HEADER = {
  correlationId: 'x-correlation-id',
  consultationId: 'x-consultation-id',
  schema: 'x-schema',
  producedBy: 'x-produced-by',
  traceparent: 'traceparent',
  attempt: 'x-attempt',
  firstAttemptAt: 'x-first-attempt-at',
  notBefore: 'x-not-before',
} as const;

export type Headers = Readonly<Record<string, string>>;

export function decodeHeaders(raw: IHeaders | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return headers;
}
