import type { WebhookAttempt, WebhookAttemptError } from '@firstsync/contracts';
import { scrubText } from '@firstsync/logging';

/**
 * What one POST came to, before interpretation: a response (status, how many body bytes were read,
 * whether reading stopped at the limit, the start of the body) or an error thrown before any
 * response. `stopped` is our own shutdown: not an attempt of the receiver's at all.
 */
export type HttpResult =
  | { readonly kind: 'response'; readonly status: number; readonly bodyBytes: number; readonly truncated: boolean; readonly excerpt: string }
  | { readonly kind: 'blocked'; readonly detail: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'error'; readonly error: unknown };

/** The attempt fields a result decides. */
export interface AttemptVerdict {
  readonly outcome: WebhookAttempt['outcome'];
  readonly status?: number;
  readonly error?: WebhookAttemptError;
  readonly responseBytes?: number;
  readonly responseExcerpt?: string;
}

const EXCERPT_CHARS = 256;

/** Shown to the owning pharmacy: its own server's words, but kept to one short, printable line. */
export function excerptOf(text: string): string {
  // Control characters (\p{Cc}, which includes CR, LF and tab) and runs of spaces become one space.
  const line = scrubText(text.replace(/[\p{Cc}\s]+/gu, ' ').trim());
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 3)}...` : line;
}

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/;

/**
 * A thrown error's kind: TLS problems are the receiver's configuration, the TCP stack giving up
 * (ETIMEDOUT) a timeout, everything else a connection failure. Our own deadline is told apart by the
 * sender before this is asked.
 */
export function errorKindOf(error: unknown): WebhookAttemptError {
  const codes = [codeOf(error), codeOf((error as { cause?: unknown } | null)?.cause)].filter((code): code is string => code !== undefined);
  if (codes.some((code) => TLS_CODES.test(code))) return 'tls';
  if (codes.includes('ETIMEDOUT')) return 'timeout';
  return 'connection';
}

/**
 * The delivery decision for one result. Only a 2xx read within the size limit is delivered: a
 * redirect is never followed (the target could be anywhere), and a body past the limit means the
 * URL answers with something other than a webhook receiver's acknowledgement.
 */
export function classifyResult(result: Exclude<HttpResult, { kind: 'stopped' }>): AttemptVerdict {
  switch (result.kind) {
    case 'blocked':
      return { outcome: 'failed', error: 'blocked-target' };
    case 'timeout':
      return { outcome: 'failed', error: 'timeout' };
    case 'error':
      return { outcome: 'failed', error: errorKindOf(result.error) };
    case 'response': {
      const response = { status: result.status, responseBytes: result.bodyBytes, ...(result.excerpt ? { responseExcerpt: excerptOf(result.excerpt) } : {}) };
      if (result.truncated) return { outcome: 'failed', error: 'response-too-large', ...response };
      if (result.status >= 200 && result.status < 300) return { outcome: 'delivered', ...response };
      if (result.status >= 300 && result.status < 400) return { outcome: 'failed', error: 'redirect', ...response };
      return { outcome: 'failed', error: 'http-status', ...response };
    }
  }
}
