import { HSTS, type SecurityHeaderPolicy } from '@firstsync/http-app';

/**
 * Strict by default: only our own scripts and styles (no inline script or style anywhere, so the
 * CSP can forbid them), no framing, no referrer leaking consultation ids to other sites.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(secure: boolean): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    ...(secure ? HSTS : {}),
  };
}

/** Pages, API answers, assets, 404s and errors all get the headers. */
export function dashboardSecurityHeaders(secure: boolean): SecurityHeaderPolicy {
  // Pages and API answers may show operational data: never cache them; static assets may be.
  return { headers: securityHeaders(secure), cacheable: (url) => url.startsWith('/assets/') };
}
