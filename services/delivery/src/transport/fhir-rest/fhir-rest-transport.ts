import { randomUUID } from 'node:crypto';
import type { GpMessage } from '@firstsync/contracts';
import { callDeadline } from '@firstsync/service-lifecycle';
import { traceHttpCall } from '@firstsync/tracing';
import { Client, type FhirResource } from 'fhir-kit-client';
import { Agent, Dispatcher1Wrapper } from 'undici';
import { MESSAGE_FAULT, messageFaultWith } from '../message-fault';
import type { Route, SendOptions, Transport, TransportOutcome } from '../port';
import { classifyExchange, type HttpExchange } from './classify-response';
import { fhirRestHeaders } from './fhir-rest-headers';

export interface FhirRestTransportOptions {
  /** Whole call, connect to last body byte: fhir-kit-client has no timeout of its own. */
  readonly requestTimeoutMs: number;
  /** Sockets kept open per endpoint between calls. */
  readonly keepAliveMs?: number;
  /** Upper bound of parallel connections per endpoint origin. */
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
 * FHIR REST adapter: posts the ITK3 message Bundle to `[fhirBaseUrl]/$process-message` with
 * fhir-kit-client. Node's fetch ignores fhir-kit-client's `agent`, so keep-alive and connection
 * limits come from an undici dispatcher handed through `requestOptions`. fhir-kit-client calls
 * Node's built-in fetch (undici 7, v1 handler API), while undici 8's Agent only takes v2 handlers:
 * Dispatcher1Wrapper adapts the one to the other.
 */
export function createFhirRestTransport(options: FhirRestTransportOptions): Transport {
  const dispatcher = new Agent({ keepAliveTimeout: options.keepAliveMs ?? 30_000, connections: options.maxConnectionsPerOrigin ?? 16 });
  const clients = new Map<string, Client>();
  const requestOptions = { dispatcher: new Dispatcher1Wrapper(dispatcher) };

  function clientFor(baseUrl: string): Client {
    let client = clients.get(baseUrl);
    if (!client) {
      client = new Client({ baseUrl, requestOptions });
      clients.set(baseUrl, client);
    }
    return client;
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
            const result: unknown = await clientFor(baseUrl).operation({
              name: '$process-message',
              method: 'POST',
              // The contract types the bundle as a plain record; it is always an ITK3 message Bundle.
              input: message.bundle as FhirResource,
              options: {
                signal: deadline.signal,
                headers: { ...fhirRestHeaders(message, randomUUID()), ...traceHeaders },
              },
            });
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
      await dispatcher.close();
    },
  };
}
