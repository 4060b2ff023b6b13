import { apiSecurityHeaders, type SecurityHeaderPolicy } from '@firstsync/http-app';

const DOCS_PREFIX = '/docs';

// Swagger UI needs its own scripts and styles; everything else is JSON and may load nothing.
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";

const isDocs = (url: string) => url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`);

/**
 * The JSON API set (nothing cached: answers carry patient-related state), with the CSP Swagger UI
 * needs under /docs, whose pages and assets may be cached (the OpenAPI document itself may not).
 */
export function ingestSecurityHeaders({ https }: { https: boolean }): SecurityHeaderPolicy {
  return {
    ...apiSecurityHeaders({ https }),
    overrideFor: (url) => (isDocs(url) ? { 'content-security-policy': DOCS_CSP } : undefined),
    cacheable: (url) => isDocs(url) && !url.startsWith(`${DOCS_PREFIX}/json`),
  };
}
