import { randomUUID } from 'node:crypto';
import type { GpMessage } from '@firstsync/contracts';
import { callDeadline } from '@firstsync/service-lifecycle';
import { traceHttpCall } from '@firstsync/tracing';
import { Client, type FhirResource } from 'fhir-kit-client';
import { Semaphore } from '../../concurrency/semaphore';
import { MESSAGE_FAULT, messageFaultWith } from '../message-fault';
import type { Route, SendOptions, Transport, TransportOutcome } from '../port';
import { classifyExchange, type HttpExchange } from './classify-response';
import { fhirRestHeaders } from './fhir-rest-headers';

export interface FhirRestTransportOptions {
  /** Whole call, connect to last body byte: fhir-kit-client has no timeout of its own. */
  readonly requestTimeoutMs: number;
  /** Calls in flight at once per endpoint origin (so connections per origin: HTTP/1.1, one call per connection); 16 unless set. */
  readonly maxConnectionsPerOrigin?: number;
}

/**
 * fhir-kit-client throws errors carrying `{ response: { status, data } }` for non-2xx answers (and for
 * any non-JSON body, even on 2xx, with `data` as the raw text); everything else it throws is an
 * error from fetch (network, timeout, abort).
 */
export function exchangeFromThrown(thrown: unknown): HttpExchange {
  if (typeof thrown === 'object' && thrown !== null && 'response' in thrown) {
    const response = (thrown as { response?: unknown }).response;
    if (typeof response === 'object' && response !== null && typeof (response as { status?: unknown }).status === 'number') {
      const { status, data } = response as { status: number; data?: unknown };
      return { kind: 'response', status, body: data };
    }
  }
  return { kind: 'error', error: thrown };
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * Resolves one turn of the event loop later: fetch's pool takes a connection back a few ticks after
 * the body was read, and a slot handed on before that would open a new connection instead.
 */
const freedConnection = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * FHIR REST adapter: posts the ITK3 message Bundle to `[fhirBaseUrl]/$process-message` with
 * fhir-kit-client, which calls Node's built-in fetch: its dispatcher keeps connections alive between
 * calls (for as long as the server's Keep-Alive allows, 4 s unless it says). The calls in flight per
 * origin are bounded here rather than by an undici Agent of our own, which would load a second copy
 * of undici (about 7 MB per process) beside the one inside Node.
 */
export function createFhirRestTransport(options: FhirRestTransportOptions): Transport {
  const perOrigin = options.maxConnectionsPerOrigin ?? 16;
  const clients = new Map<string, { readonly client: Client; readonly slots: Semaphore }>();
  const slotsByOrigin = new Map<string, Semaphore>();

  function clientFor(baseUrl: string): { readonly client: Client; readonly slots: Semaphore } {
    let found = clients.get(baseUrl);
    if (!found) {
      const origin = new URL(baseUrl).origin;
      const slots = slotsByOrigin.get(origin) ?? new Semaphore(perOrigin);
      slotsByOrigin.set(origin, slots);
      found = { client: new Client({ baseUrl }), slots };
      clients.set(baseUrl, found);
    }
    return found;
  }

  return {
    kind: 'fhir-rest',
    async send(message: GpMessage, route: Route, sendOptions: SendOptions = {}): Promise<TransportOutcome> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      if (!route.fhirBaseUrl) return messageFaultWith(MESSAGE_FAULT.noEndpoint, 'route has no fhirBaseUrl', 0);
      const deadline = callDeadline(options.requestTimeoutMs, sendOptions.signal);
      const baseUrl = route.fhirBaseUrl;
      // Within a consultation's trace the call carries its traceparent (nothing with tracing off).
      const exchange = await traceHttpCall(
        'POST $process-message',
        'POST',
        async (traceHeaders): Promise<HttpExchange> => {
          try {
            const { client, slots } = clientFor(baseUrl);
            const result: unknown = await slots.run(() =>
              client
                .operation({
                  name: '$process-message',
                  method: 'POST',
                  // The contract types the bundle as a plain record; it is always an ITK3 message Bundle.
                  input: message.bundle as FhirResource,
                  options: {
                    signal: deadline.signal,
                    headers: { ...fhirRestHeaders(message, randomUUID()), ...traceHeaders },
                  },
                })
                .finally(freedConnection),
            );
            // fhir-kit-client hangs the fetch Response on the result (non-enumerable) and turns an empty body into {}.
            const status = (result as { __response?: { status?: unknown } } | null)?.__response?.status;
            return { kind: 'response', status: typeof status === 'number' ? status : 200, body: isEmptyObject(result) ? undefined : result };
          } catch (thrown) {
            return exchangeFromThrown(thrown);
          }
        },
        (done) => (done.kind === 'response' ? { status: done.status } : { error: done.error }),
      ).finally(() => deadline.done());
      return classifyExchange(exchange, elapsed());
    },
    async close() {
      clients.clear();
    },
  };
}
