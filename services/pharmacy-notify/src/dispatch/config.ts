import type { WebhookTargetPolicy } from '@firstsync/standard-webhooks';

/** How the dispatcher delivers webhooks; the service config builds it from the environment. */
export interface DispatchConfig {
  /** Whole request, connect to last body byte (WEBHOOK_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Delay before each retry, before jitter; when it runs out the endpoint is disabled. */
  readonly retryScheduleMs: readonly number[];
  /** Requests in flight across every endpoint of this instance. */
  readonly maxConcurrent: number;
  /** Response bytes read before the body is aborted: a receiver answers, it does not stream. */
  readonly maxResponseBytes: number;
  /** SSRF rules applied again at send time (a policy may have tightened since registration). */
  readonly urlPolicy: WebhookTargetPolicy;
  /** 32-byte key the endpoint secrets are encrypted with at rest. */
  readonly secretKey: Buffer;
  readonly userAgent?: string;
}

export const DISPATCH_DEFAULTS = {
  timeoutMs: 10_000,
  maxConcurrent: 256,
  maxResponseBytes: 4096,
  userAgent: 'firstsync-webhooks/1',
} as const;
