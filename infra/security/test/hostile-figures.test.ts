import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { sameOriginRedirect } from '../src/hostile/dashboard-attacks';
import { encodeAny } from '../src/hostile/dashboard-driver';
import { batchRateCheck, countExchanges, deliveryCheck, type IngestOutcome, ingestChecks, nextChecks, serverErrorChecks } from '../src/hostile/figures';
import { seededRandom } from '../src/hostile/fuzz-text';
import { batchAttacks, freshConsultations, type IngestAttack, probeAttacks } from '../src/hostile/ingest-attacks';
import { itemsOf } from '../src/hostile/ingest-driver';
import type { Exchange } from '../src/hostile/recorder';

// The pure parts of the hostile-input run: the attacks really are what they say, and each check
// fails on the answers the outside probe got before issue 18 was fixed.
const random = seededRandom(1);
const pool = freshConsultations(200, 'FCA01', ['A81001'], random);
const next = () => pool.pop() ?? defined(freshConsultations(1, 'FCA01', ['A81001'], random)[0], 'a fresh consultation');
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);
const exchange = (over: Partial<Exchange>): Exchange => ({
  target: 'ingest',
  group: 'g',
  label: 'l',
  method: 'POST',
  path: '/v1/consultations',
  status: 202,
  contentType: 'application/json',
  ...over,
});
const attack = (over: Partial<IngestAttack>): IngestAttack => ({
  group: 'g',
  label: 'l',
  path: '/v1/consultations',
  body: new Uint8Array(),
  sender: 'main',
  consultationIds: ['c1'],
  expect: 'either',
  ...over,
});

describe('the probe attacks', () => {
  const attacks = probeAttacks(next, 'FCB02');
  const byLabel = (text: string) =>
    defined(
      attacks.find((a) => a.label.includes(text)),
      `an attack labelled ${text}`,
    );

  it('send the duplicate keys as raw JSON text, the own value last', () => {
    expect(decode(byLabel('pharmacy.odsCode twice').body)).toMatch(/"odsCode":"FCB02","odsCode":"FCA01"/);
    expect(decode(byLabel('consentToShareWithGp false').body)).toMatch(/"consentToShareWithGp":false,"consentToShareWithGp":true/);
  });

  it('send bytes that are not UTF-8', () => {
    const body = byLabel('lone 0xFF byte in notes').body;
    expect(body.includes(0xff)).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
  });

  it('expect every probe attack refused, except tabs and line breaks in notes', () => {
    expect(attacks.filter((a) => a.expect !== 'refuse').map((a) => a.label)).toEqual(['tab and line breaks in notes.clinicalSummary (allowed in notes)']);
    expect(new Set(attacks.map((a) => a.group))).toEqual(new Set(['duplicate JSON keys', 'invalid UTF-8', 'blank free text', 'control characters']));
  });

  it('give each batch item a consultation of its own', () => {
    const [batch] = batchAttacks(next, 1, 100);
    expect(new Set(batch?.consultationIds).size).toBe(100);
    expect((JSON.parse(decode(defined(batch, 'a batch attack').body)) as { consultations: unknown[] }).consultations).toHaveLength(100);
  });
});

describe('the checks', () => {
  it('count 2xx, 3xx, 4xx by status, 5xx and no answer per service', () => {
    const counts = countExchanges(
      [
        exchange({}),
        exchange({ status: 400 }),
        exchange({ status: 400 }),
        exchange({ status: 500 }),
        exchange({ status: 0 }),
        exchange({ target: 'dashboard', status: 303 }),
      ],
      'ingest',
    );
    expect(counts).toEqual({ tried: 5, accepted: 1, redirected: 0, refused: { 400: 2 }, serverErrors: 1, noAnswer: 1 });
  });

  it('fail on a 5xx and on a request without answer', () => {
    const [fiveXx, answered] = serverErrorChecks([
      exchange({ status: 500, target: 'dashboard', path: '/login?next=%2F%C4%80' }),
      exchange({ status: 0, error: 'TimeoutError' }),
    ]);
    expect(fiveXx?.result).toBe('fail');
    expect(fiveXx?.detail).toContain('dashboard POST /login?next=%2F%C4%80 -> 500');
    expect(answered?.result).toBe('fail');
  });

  it('fail when ingest refuses without a problem, accepts a probe attack or refuses a real name', () => {
    const outcomes: IngestOutcome[] = [
      { attack: attack({ expect: 'refuse', label: 'duplicate keys' }), status: 202, items: [{ consultationId: 'c1', status: 202 }] },
      { attack: attack({ expect: 'accept', label: 'O’Sullivan' }), status: 400, items: [{ consultationId: 'c2', status: 400 }] },
    ];
    const checks = ingestChecks([exchange({ status: 400, contentType: 'application/json' })], outcomes);
    expect(checks.map((c) => c.result)).toEqual(['fail', 'fail', 'fail']);
  });

  it('fail when an accepted consultation never reached the GP, naming its last event', () => {
    const outcomes: IngestOutcome[] = [
      { attack: attack({ label: 'Łukasiewicz in patient.name.family' }), status: 202, items: [{ consultationId: 'c1', status: 202 }] },
    ];
    const failed = deliveryCheck(outcomes, new Map([['c1', { types: ['received', 'mapped', 'retry-scheduled'], lastCode: 'mesh-upload-failed' }]]));
    expect(failed).toMatchObject({ result: 'fail', detail: 'g: Łukasiewicz in patient.name.family (last event retry-scheduled mesh-upload-failed)' });
    expect(deliveryCheck(outcomes, new Map([['c1', { types: ['received', 'delivered'] }]])).result).toBe('pass');
    // Refused ones are not expected at the GP.
    expect(deliveryCheck([{ ...defined(outcomes[0], 'an outcome'), status: 400, items: [{ consultationId: 'c1', status: 400 }] }], new Map()).result).toBe(
      'pass',
    );
  });

  it('fail when a whole batch costs one token, and cannot tell when the batches are too small', () => {
    const batch = (accepted: number): IngestOutcome => ({
      attack: attack({ sender: 'batch' }),
      status: 207,
      items: Array.from({ length: 100 }, (_, i) => ({ consultationId: `c${i}`, status: i < accepted ? 202 : 429 })),
    });
    const limit = { perSecond: 20, burst: 40 };
    expect(batchRateCheck([batch(100), batch(100)], limit, 500).result).toBe('fail');
    expect(batchRateCheck([batch(40), batch(10)], limit, 500).result).toBe('pass');
    expect(batchRateCheck([batch(100)], limit, 10_000).result).toBe('skipped');
  });

  it('fail on a redirect away from the dashboard or a 500 for a next value', () => {
    const origin = 'http://127.0.0.1:8081';
    const same = (location: string) => sameOriginRedirect(location, origin);
    const check = (location: string, status = 303) => nextChecks([exchange({ target: 'dashboard', group: 'hostile next', status, location })], same).result;
    expect(check('/consultations')).toBe('pass');
    expect(check(`${origin}/`)).toBe('pass');
    for (const evil of ['//evil.example', '/\\evil.example', 'https://evil.example/', '/\t/evil', 'javascript:alert(1)'])
      expect(check(evil), evil).toBe('fail');
    expect(check('/', 500)).toBe('fail');
  });
});

describe('helpers', () => {
  it('read a batch answer item by item, and a single answer for its one consultation', () => {
    const batch = attack({ path: '/v1/consultations/batch', consultationIds: ['a', 'b'] });
    expect(
      itemsOf(
        batch,
        207,
        JSON.stringify({
          results: [
            { index: 1, status: 429 },
            { index: 0, status: 202 },
          ],
        }),
      ),
    ).toEqual([
      { consultationId: 'a', status: 202 },
      { consultationId: 'b', status: 429 },
    ]);
    expect(itemsOf(batch, 429, '')).toEqual([
      { consultationId: 'a', status: 429 },
      { consultationId: 'b', status: 429 },
    ]);
    expect(itemsOf(batch, 207, 'not json')).toEqual([
      { consultationId: 'a', status: 0 },
      { consultationId: 'b', status: 0 },
    ]);
  });

  it('put a lone surrogate on the wire as its invalid UTF-8 bytes', () => {
    expect(encodeAny('/\uD800')).toBe('%2F%ED%A0%80');
    expect(encodeAny('/日本')).toBe('%2F%E6%97%A5%E6%9C%AC');
  });

  it('repeat the fuzzed set from its seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });
});
