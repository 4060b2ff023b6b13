import { contextFromTraceparent, runInSpan, SPAN_ATTRIBUTE, type StartedSpan, startSpan, TRACEPARENT } from '@firstsync/tracing';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * One server span per request, the child of an incoming W3C traceparent when the caller sent one,
 * active while the handler runs so what it sends to Kafka continues the trace. Named and
 * attributed by route template and method only (the URL carries ids and query strings).
 * Registered only when tracing is on at build time: off, a request pays nothing.
 * Health checks and metrics scrapes get no span: pollers would drown the traces.
 */
export function registerTracing(app: FastifyInstance): void {
  const spans = new WeakMap<FastifyRequest, StartedSpan>();
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route?.startsWith('/health') !== true && route !== '/metrics') {
      const incoming = request.headers[TRACEPARENT];
      const parent = contextFromTraceparent(typeof incoming === 'string' ? incoming : undefined);
      const span = startSpan(route ? `${request.method} ${route}` : request.method, {
        kind: 'server',
        ...(parent ? { parent } : {}),
        attributes: { [SPAN_ATTRIBUTE.httpMethod]: request.method, ...(route ? { [SPAN_ATTRIBUTE.httpRoute]: route } : {}) },
      });
      if (span) spans.set(request, span);
    }
    done();
  });
  // After body parsing and validation: the handler (and all it awaits) runs with the span active.
  app.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (span) runInSpan(span, done);
    else done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      spans.delete(request);
      span.setAttributes({ [SPAN_ATTRIBUTE.httpStatus]: reply.statusCode });
      span.end(reply.statusCode >= 500 ? new HttpServerError() : undefined);
    }
    done();
  });
}

/** Marks a span failed as `HttpServerError` (the status code is its own attribute). */
class HttpServerError extends Error {
  override readonly name = 'HttpServerError';
}
