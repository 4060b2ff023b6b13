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

type RawHeaderValue = Buffer | string | undefined | ReadonlyArray<Buffer | string | undefined>;

/** Decodes a client's raw headers (an object or a Map, values Buffer, string or arrays of them); the first value of a name wins. */
export function decodeHeaders(
  raw: Readonly<Record<string, RawHeaderValue>> | ReadonlyMap<Buffer | string, RawHeaderValue> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const entries: Iterable<[Buffer | string, RawHeaderValue]> = raw instanceof Map ? raw.entries() : Object.entries(raw ?? {});
  for (const [rawName, value] of entries) {
    if (value === undefined) continue;
    const name = Buffer.isBuffer(rawName) ? rawName.toString('utf8') : String(rawName);
    if (name in headers) continue;
    const first = Array.isArray(value) ? (value as ReadonlyArray<Buffer | string | undefined>)[0] : (value as Buffer | string);
    if (first !== undefined) headers[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return headers;
}
