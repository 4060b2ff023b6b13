import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { consultationBody, DEMO_AUTHORIZATION } from '../payloads/consultation';
import { progressLine } from './progress';

export interface SaturationResult {
  /** 2xx answers per second over the whole run. */
  readonly okPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
  /** consultationIds sent, in order (for end-to-end tracking). */
  readonly ids: readonly string[];
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
}

export interface SaturationOptions {
  label: string;
  url: string;
  connections: number;
  /** Stop after this long ... */
  durationSeconds: number;
  /** ... or after this many requests, whichever comes first. */
  amount?: number;
  practiceFor?: (index: number) => string;
}

/**
 * autocannon against POST /v1/consultations, a fresh consultationId per request (setupRequest), so
 * every request is a new consultation rather than an idempotent replay.
 */
export async function saturate(options: SaturationOptions): Promise<SaturationResult> {
  const ids: string[] = [];
  const progress = progressLine(options.label);
  const startedAtMs = Date.now();
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (err: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.durationSeconds,
      ...(options.amount === undefined ? {} : { amount: options.amount }),
      timeout: 20,
      requests: [
        {
          method: 'POST',
          path: '/v1/consultations',
          headers: { authorization: DEMO_AUTHORIZATION, 'content-type': 'application/json' },
          setupRequest: (request) => {
            const id = randomUUID();
            const practice = options.practiceFor?.(ids.length);
            ids.push(id);
            return { ...request, body: JSON.stringify(consultationBody(id, practice)) };
          },
        },
      ],
    },
    (err, result) => (err ? fail(err) : finish(result)),
  );
  let answered = 0;
  instance.on('response', () => {
    answered += 1;
  });
  const ticker = setInterval(() => progress.update(`${answered} answered, ${((Date.now() - startedAtMs) / 1000).toFixed(0)} s`), 1_000);
  const result = await done;
  clearInterval(ticker);
  const finishedAtMs = Date.now();
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]));
  const ok = result['2xx'];
  progress.done(`${ok} x 2xx, ${result.non2xx} other, ${result.errors} errors in ${result.duration.toFixed(1)} s`);
  return {
    okPerSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    ids,
    startedAtMs,
    finishedAtMs,
  };
}
