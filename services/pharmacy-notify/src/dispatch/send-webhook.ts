import { callDeadline } from '@firstsync/service-lifecycle';
import { checkWebhookUrl, isBlockedTargetError, safeLookup, type WebhookTargetPolicy } from '@firstsync/standard-webhooks';
import { Agent, request } from 'undici';
import type { HttpResult } from './classify';

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface WebhookSenderOptions {
  readonly policy: WebhookTargetPolicy;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export interface WebhookSender {
  /** One POST; never throws. `stopped` when the signal aborted it (our shutdown, not the receiver). */
  send(webhook: WebhookRequest, signal: AbortSignal): Promise<{ readonly result: HttpResult; readonly durationMs: number }>;
  close(): Promise<void>;
}

/**
 * Posts webhooks through one undici Agent whose connections resolve names with safeLookup: the
 * socket connects to an address the SSRF policy checked, so DNS rebinding between a check and the
 * connection cannot reach a private address. undici's `request` follows no redirects (a 3xx is the
 * answer), the whole exchange has one deadline, and the body is read only up to the limit.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const agent = new Agent({
    connect: { lookup: safeLookup(options.policy), timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 10_000,
  });

  async function exchange(webhook: WebhookRequest, signal: AbortSignal): Promise<HttpResult> {
    // A literal IP address never reaches the lookup function, and the policy may have tightened since
    // the endpoint was registered: check the URL itself on every send.
    const check = checkWebhookUrl(webhook.url, options.policy);
    if (!check.ok) return { kind: 'blocked', detail: check.problem };
    const response = await request(check.url, { method: 'POST', dispatcher: agent, headers: { ...webhook.headers }, body: webhook.body, signal });
    const chunks: Buffer[] = [];
    let bodyBytes = 0;
    let truncated = false;
    for await (const chunk of response.body) {
      const bytes: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      const room = options.maxResponseBytes - bodyBytes;
      if (bytes.length > room) {
        chunks.push(bytes.subarray(0, room));
        bodyBytes += room;
        truncated = true;
        // Leaving the loop destroys the body: the connection is dropped rather than drained.
        break;
      }
      chunks.push(bytes);
      bodyBytes += bytes.length;
    }
    return { kind: 'response', status: response.statusCode, bodyBytes, truncated, excerpt: Buffer.concat(chunks).toString('utf8') };
  }

  return {
    async send(webhook, stop) {
      const started = performance.now();
      const deadline = callDeadline(options.timeoutMs, stop);
      let result: HttpResult;
      try {
        result = await exchange(webhook, deadline.signal);
      } catch (error) {
        if (stop.aborted) result = { kind: 'stopped' };
        else if (deadline.timedOut) result = { kind: 'timeout' };
        else if (isBlockedTargetError(error)) result = { kind: 'blocked', detail: 'resolved to a refused address' };
        else result = { kind: 'error', error };
      } finally {
        deadline.done();
      }
      return { result, durationMs: Math.round(performance.now() - started) };
    },
    close: () => agent.destroy(),
  };
}
