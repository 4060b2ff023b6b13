import { PATH_VALUES } from './dashboard-attacks';
import type { IngestOutcome } from './figures';
import type { IngestAttack } from './ingest-attacks';
import type { Recorder } from './recorder';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface IngestDriverOptions {
  readonly url: string;
  readonly keys: Readonly<Record<IngestAttack['sender'], string>>;
  /** Requests per second the main key sends at most (below its rate limit, so few 429s). */
  readonly perSecond: number;
  readonly concurrency: number;
}

/** Starts requests no faster than `perSecond` (a pharmacy system paces itself too). */
function pacer(perSecond: number): () => Promise<void> {
  let nextSlot = Date.now();
  return async () => {
    const now = Date.now();
    const at = Math.max(now, nextSlot);
    nextSlot = at + 1000 / perSecond;
    if (at > now) await sleep(at - now);
  };
}

/** Pure: each carried consultation's status, from a single answer or a batch's 207 results. */
export function itemsOf(attack: IngestAttack, status: number, text: string): IngestOutcome['items'] {
  if (attack.path === '/v1/consultations/batch' && status === 207) {
    let results: { index: number; status: number }[] = [];
    try {
      results = (JSON.parse(text) as { results: { index: number; status: number }[] }).results;
    } catch {
      // an unreadable 207 leaves every item without a status (0), which the checks report
    }
    return attack.consultationIds.map((consultationId, index) => ({ consultationId, status: results.find((r) => r.index === index)?.status ?? 0 }));
  }
  return attack.consultationIds.map((consultationId) => ({ consultationId, status }));
}

/**
 * Sends every attack as a pharmacy system would, re-sending after a 429 once Retry-After has
 * passed (the rate limit is not what these attacks test); every try is recorded.
 */
export async function fireIngestAttacks(recorder: Recorder, attacks: readonly IngestAttack[], options: IngestDriverOptions): Promise<IngestOutcome[]> {
  const pace = pacer(options.perSecond);
  const outcomes: IngestOutcome[] = [];
  const queue = [...attacks];
  const worker = async () => {
    for (let attack = queue.shift(); attack; attack = queue.shift()) {
      for (let attempt = 1; ; attempt += 1) {
        await pace();
        const answer = await recorder.send('ingest', attack.group, attack.label, `${options.url}${attack.path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.keys[attack.sender]}`, 'content-type': 'application/json' },
          body: attack.body,
        });
        if (answer.status === 429 && attempt < 10) {
          await sleep(Math.min(5, Number(answer.headers.get('retry-after') ?? 1)) * 1000);
          continue;
        }
        outcomes.push({ attack, status: answer.status, items: itemsOf(attack, answer.status, answer.text) });
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return outcomes;
}

/** Back to back, no re-sends: how many batch items the key's bucket lets through. */
export async function fireBatches(
  recorder: Recorder,
  batches: readonly IngestAttack[],
  options: IngestDriverOptions,
): Promise<{ outcomes: IngestOutcome[]; elapsedMs: number }> {
  const started = Date.now();
  const outcomes: IngestOutcome[] = [];
  for (const attack of batches) {
    const answer = await recorder.send('ingest', attack.group, attack.label, `${options.url}${attack.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.keys[attack.sender]}`, 'content-type': 'application/json' },
      body: attack.body,
      timeoutMs: 60_000,
    });
    outcomes.push({ attack, status: answer.status, items: itemsOf(attack, answer.status, answer.text) });
  }
  return { outcomes, elapsedMs: Date.now() - started };
}

/** Bodies that are not consultations at all, and odd headers; none may cost more than a 4xx. */
const ODD_BODIES: readonly { label: string; body: string | Uint8Array; contentType: string }[] = [
  { label: 'empty body', body: '', contentType: 'application/json' },
  { label: 'null', body: 'null', contentType: 'application/json' },
  { label: 'array', body: '[]', contentType: 'application/json' },
  { label: 'string', body: '"consultation"', contentType: 'application/json' },
  { label: 'number out of range', body: '1e999', contentType: 'application/json' },
  { label: 'deeply nested arrays', body: `${'['.repeat(20_000)}${']'.repeat(20_000)}`, contentType: 'application/json' },
  { label: 'deeply nested objects', body: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`, contentType: 'application/json' },
  { label: 'prototype keys', body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', contentType: 'application/json' },
  { label: 'UTF-8 BOM before JSON', body: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{}')]), contentType: 'application/json' },
  { label: 'UTF-16 body', body: new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), contentType: 'application/json; charset=utf-16' },
  { label: 'charset lie (Latin-1)', body: '{}', contentType: 'application/json; charset=iso-8859-1' },
  { label: 'JSON with a comment', body: '{/* x */}', contentType: 'application/json' },
  { label: 'form body', body: 'a=1', contentType: 'application/x-www-form-urlencoded' },
  { label: 'multipart body', body: '--x\r\n\r\n--x--', contentType: 'multipart/form-data; boundary=x' },
];

/** Odd bodies, odd keys and fuzzed ids on ingest's other routes. */
export async function fuzzIngestRoutes(recorder: Recorder, options: IngestDriverOptions, short: boolean): Promise<void> {
  const pace = pacer(options.perSecond);
  const auth = { authorization: `Bearer ${options.keys.main}` };
  for (const odd of short ? ODD_BODIES.slice(0, 8) : ODD_BODIES) {
    for (const path of ['/v1/consultations', '/v1/consultations/batch']) {
      await pace();
      await recorder.send('ingest', 'odd bodies', `${odd.label} to ${path}`, `${options.url}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': odd.contentType },
        body: odd.body,
      });
    }
  }
  for (const value of short ? PATH_VALUES.slice(0, 8) : PATH_VALUES) {
    await pace();
    await recorder.send('ingest', 'status id fuzz', `GET status of ${value.slice(0, 40)}`, `${options.url}/v1/consultations/${value}`, { headers: auth });
  }
  for (const [label, authorization] of [
    ['very long key', `Bearer ${'k'.repeat(10_000)}`],
    ['key with Latin-1 bytes', 'Bearer \u00ff\u00fe'],
    ['two schemes', `Bearer ${options.keys.main}, Bearer other`],
    ['lower-case scheme', `bearer ${options.keys.main}x`],
  ] as const) {
    await pace();
    await recorder.send('ingest', 'odd keys', label, `${options.url}/v1/consultations`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: '{}',
    });
  }
}
