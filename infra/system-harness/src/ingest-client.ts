import type { GeneratedConsultation } from './consultations';

export interface SubmitOptions {
  /** Read on every request: ingest keeps its port across restarts, but tests may swap systems. */
  baseUrl: () => string;
  apiKey: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** 1 = POST /v1/consultations per consultation; more = POST /v1/consultations/batch. */
  batchSize: number;
  /** Stop retrying a consultation after this long (it is then reported as not accepted). */
  giveUpAfterMs: number;
  requestTimeoutMs?: number;
  /** Spread the first attempts evenly over this long (faults then land while traffic flows). */
  spreadOverMs?: number;
  /** Called after each consultation is accepted (the chaos driver times its faults by progress). */
  onAccepted?: (accepted: number) => void;
}

export interface SubmitReport {
  /** consultationIds answered 202 (the first 202, or an idempotent replay of it). */
  readonly accepted: ReadonlySet<string>;
  /** Refused for good (4xx other than 429): should be none for valid consultations. */
  readonly refused: ReadonlyMap<string, number>;
  /** Still unaccepted when giving up (ingest down or Kafka unavailable for too long). */
  readonly gaveUp: readonly string[];
  readonly requests: number;
  /** Answers by HTTP status (network errors and timeouts as 'network'). */
  readonly statuses: Readonly<Record<string, number>>;
  readonly replays: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RETRYABLE = (status: number) => status === 429 || status >= 500;

/**
 * Sends consultations the way a well-behaved pharmacy system does: an unanswered or 5xx/429 request
 * is sent again with the same consultationId and content (ingest answers the replay with the
 * original 202), so a crash between Kafka's ack and the HTTP answer loses nothing.
 */
export async function submitConsultations(consultations: readonly GeneratedConsultation[], options: SubmitOptions): Promise<SubmitReport> {
  const accepted = new Set<string>();
  const refused = new Map<string, number>();
  const statuses: Record<string, number> = {};
  const firstTry = new Map<string, number>();
  const queue: GeneratedConsultation[][] = [];
  for (let i = 0; i < consultations.length; i += options.batchSize) queue.push(consultations.slice(i, i + options.batchSize));
  const gaveUp: string[] = [];
  let requests = 0;
  let replays = 0;
  const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
  const headers = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' };

  async function send(group: GeneratedConsultation[]): Promise<GeneratedConsultation[]> {
    requests += 1;
    const single = options.batchSize === 1;
    const url = `${options.baseUrl()}/v1/consultations${single ? '' : '/batch'}`;
    const payload = single ? group[0]?.body : { consultations: group.map((c) => c.body) };
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload), signal: AbortSignal.timeout(options.requestTimeoutMs ?? 15_000) });
    } catch {
      count('network');
      return group;
    }
    count(String(response.status));
    const text = await response.text().catch(() => '');
    const settle = (item: GeneratedConsultation, status: number, replayed: boolean): boolean => {
      if (status === 202) {
        accepted.add(item.consultationId);
        if (replayed) replays += 1;
        options.onAccepted?.(accepted.size);
        return false;
      }
      if (RETRYABLE(status)) return true;
      refused.set(item.consultationId, status);
      return false;
    };
    if (single) {
      const item = group[0];
      if (!item) return [];
      return settle(item, response.status, response.headers.get('idempotent-replayed') === 'true') ? [item] : [];
    }
    if (response.status !== 207) return RETRYABLE(response.status) || text === '' ? group : group.filter((item) => settle(item, response.status, false));
    const body = JSON.parse(text) as { results: { index: number; status: number; replayed?: boolean }[] };
    const retry: GeneratedConsultation[] = [];
    for (const result of body.results) {
      if (result.status !== 202) count(`item-${result.status}`);
      const item = group[result.index];
      if (item && settle(item, result.status, result.replayed === true)) retry.push(item);
    }
    return retry;
  }

  const started = Date.now();
  const groups = queue.length;
  let taken = 0;
  async function worker(): Promise<void> {
    for (let group = queue.shift(); group; group = queue.shift()) {
      const due = options.spreadOverMs ? started + (taken / groups) * options.spreadOverMs : 0;
      taken += 1;
      if (due > Date.now()) await sleep(due - Date.now());
      let pending = group;
      let backoff = 200;
      while (pending.length > 0) {
        const now = Date.now();
        for (const item of pending) if (!firstTry.has(item.consultationId)) firstTry.set(item.consultationId, now);
        pending = await send(pending);
        const expired = pending.filter((item) => now - (firstTry.get(item.consultationId) ?? now) > options.giveUpAfterMs);
        for (const item of expired) gaveUp.push(item.consultationId);
        pending = pending.filter((item) => !expired.includes(item));
        if (pending.length > 0) {
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 3_000);
        }
      }
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  return { accepted, refused, gaveUp, requests, statuses, replays };
}
