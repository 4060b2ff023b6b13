import type { FastifyInstance } from 'fastify';

const DOCS_PREFIX = '/docs';

// Swagger UI needs its own scripts and styles; everything else is JSON and may load nothing.
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Headers on every response. API answers carry patient-related state, so nothing may be cached by
 * browsers or proxies; none of them is meant to be framed or sniffed into another content type.
 */
export function registerSecurityHeaders(app: FastifyInstance, { https }: { https: boolean }): void {
  // Callback style: this runs for every response, and an async hook costs a promise each time.
  app.addHook('onSend', (request, reply, payload, done) => {
    const docs = request.url === DOCS_PREFIX || request.url.startsWith(`${DOCS_PREFIX}/`);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('content-security-policy', docs ? DOCS_CSP : API_CSP);
    if (!docs || request.url.startsWith(`${DOCS_PREFIX}/json`)) reply.header('cache-control', 'no-store');
    if (https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    done(null, payload);
  });
}
