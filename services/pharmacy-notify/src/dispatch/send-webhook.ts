import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { callDeadline } from '@firstsync/service-lifecycle';
import { checkWebhookUrl, isBlockedTargetError, safeLookup, type WebhookTargetPolicy } from '@firstsync/standard-webhooks';
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

/** Idle keep-alive connections close after this long. */
const IDLE_SOCKET_MS = 10_000;

/** Reads a response body up to `limit` bytes; leaving the loop early destroys it (the connection is dropped, not drained). */
async function readLimited(response: IncomingMessage, limit: number): Promise<Omit<Extract<HttpResult, { kind: 'response' }>, 'kind' | 'status'>> {
  const chunks: Buffer[] = [];
  let bodyBytes = 0;
  let truncated = false;
  for await (const chunk of response) {
    const bytes = chunk as Buffer;
    const room = limit - bodyBytes;
    if (bytes.length > room) {
      chunks.push(bytes.subarray(0, room));
      bodyBytes += room;
      truncated = true;
      break;
    }
    chunks.push(bytes);
    bodyBytes += bytes.length;
  }
  return { bodyBytes, truncated, excerpt: Buffer.concat(chunks).toString('utf8') };
}

/**
 * Posts webhooks with Node's own HTTP client through keep-alive agents whose connections resolve
 * names with safeLookup: the socket connects to an address the SSRF policy checked, so DNS
 * rebinding between a check and the connection cannot reach a private address. Node's client
 * follows no redirects (a 3xx is the answer), the whole exchange (connect, headers, body) has one
 * deadline, and the body is read only up to the limit. Not undici: its HTTP/1 parser is
 * WebAssembly, and loading it cost this process about 7 MB (libraries and compiled code) for what
 * node:http, already loaded for the API, does with its native parser.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_MS, lookup: safeLookup(options.policy) };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };

  function exchange(webhook: WebhookRequest, signal: AbortSignal): Promise<HttpResult> {
    // A literal IP address never reaches the lookup function, and the policy may have tightened since
    // the endpoint was registered: check the URL itself on every send.
    const check = checkWebhookUrl(webhook.url, options.policy);
    if (!check.ok) return Promise.resolve({ kind: 'blocked', detail: check.problem });
    const secure = check.url.protocol === 'https:';
    return new Promise<HttpResult>((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)(
        check.url,
        {
          method: 'POST',
          agent: secure ? agents.https : agents.http,
          headers: { ...webhook.headers, 'content-length': String(Buffer.byteLength(webhook.body)) },
          signal,
        },
        (response) => {
          readLimited(response, options.maxResponseBytes).then((read) => resolve({ kind: 'response', status: response.statusCode ?? 0, ...read }), reject);
        },
      );
      request.on('error', reject);
      request.end(webhook.body);
    });
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
    async close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
