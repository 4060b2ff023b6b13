import type { FastifyInstance } from 'fastify';

/** Every response of a JSON API: it carries patient-related state and is never framed, sniffed or loaded by a page. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export const HSTS = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } as const;

export interface SecurityHeaderPolicy {
  /** Headers every response carries. */
  headers: Readonly<Record<string, string>>;
  /** Headers that replace some of those for one address (e.g. the CSP Swagger UI needs). */
  overrideFor?: (url: string) => Readonly<Record<string, string>> | undefined;
  /** Responses that browsers and proxies may cache; by default none may (`cache-control: no-store`). */
  cacheable?: (url: string) => boolean;
}

/** The headers of a JSON API; `https` adds HSTS. */
export function apiSecurityHeaders({ https }: { https: boolean }): SecurityHeaderPolicy {
  return {
    headers: {
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'content-security-policy': API_CONTENT_SECURITY_POLICY,
      ...(https ? HSTS : {}),
    },
  };
}

/** At the root, so 404s, errors and static assets carry the same headers as routes. */
export function registerSecurityHeaders(app: FastifyInstance, policy: SecurityHeaderPolicy): void {
  // Callback style: this runs for every response, and an async hook costs a promise each time.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(policy.headers);
    const override = policy.overrideFor?.(request.url);
    if (override) reply.headers(override);
    if (policy.cacheable?.(request.url) !== true) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
