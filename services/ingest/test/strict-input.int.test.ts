import { PROBLEM_CONTENT_TYPE, problemSchema } from '@firstsync/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, consultationOf, json, PHARMACY_A, PHARMACY_B, type RunningIngest, startIngest } from './support/ingest-harness';

// Issue 18, the probe's findings against ingest, each attack as it was made.

function expectProblem(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  const problem = problemSchema.parse(json(response));
  expect(problem.status).toBe(status);
  return problem;
}

/** A valid consultation of pharmacy A as JSON text, for attacks that need raw text or bytes. */
const validText = () => JSON.stringify(consultationOf());

describe('strict input (real Kafka)', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ label: 'ingest-strict' });
  });
  afterAll(async () => {
    await ingest?.stop();
  });

  const send = (url: string, payload: string | Buffer) =>
    ingest.app.inject({ method: 'POST', url, headers: { ...auth(), 'content-type': 'application/json' }, payload });
  const statusOf = async (id: string) => (await ingest.app.inject({ method: 'GET', url: `/v1/consultations/${id}`, headers: auth() })).statusCode;

  describe('duplicate JSON keys', () => {
    it('refuses "odsCode":"FTB02","odsCode":"FTA01" (last wins would file it as the key\'s own pharmacy)', async () => {
      const text = validText().replace(`"odsCode":"${PHARMACY_A.ods}"`, `"odsCode":"${PHARMACY_B.ods}","odsCode":"${PHARMACY_A.ods}"`);
      expect(text).toContain(`"odsCode":"${PHARMACY_B.ods}","odsCode"`);
      const problem = expectProblem(await send('/v1/consultations', text), 400);
      expect(problem.errors).toEqual([{ path: 'pharmacy.odsCode', message: 'appears more than once in the same object', code: 'duplicate_key' }]);
      expect(problem.detail).not.toContain(PHARMACY_B.ods);
    });

    it('refuses consent false then true, and a duplicate spelled with an escape', async () => {
      const consent = validText().replace('"consentToShareWithGp":true', '"consentToShareWithGp":false,"consentToShareWithGp":true');
      expect(consent).toContain('"consentToShareWithGp":false,');
      expect(expectProblem(await send('/v1/consultations', consent), 400).errors?.map((e) => [e.path, e.code])).toEqual([
        ['consentToShareWithGp', 'duplicate_key'],
      ]);
      const escaped = validText().replace('"consentToShareWithGp":true', '"consentToShareWithGp":false,"consentToShareWith\\u0047p":true');
      expect(expectProblem(await send('/v1/consultations', escaped), 400).errors?.map((e) => e.path)).toEqual(['consentToShareWithGp']);
    });

    it('refuses a batch with a duplicate key in one item, naming the item, and accepts nothing from it', async () => {
      const first = consultationOf();
      const second = validText().replace(`"odsCode":"${PHARMACY_A.ods}"`, `"odsCode":"${PHARMACY_B.ods}","odsCode":"${PHARMACY_A.ods}"`);
      const response = await send('/v1/consultations/batch', `{"consultations":[${JSON.stringify(first)},${second}]}`);
      expect(expectProblem(response, 400).errors?.map((e) => [e.path, e.code])).toEqual([['consultations.1.pharmacy.odsCode', 'duplicate_key']]);
      expect(await statusOf(first.consultationId)).toBe(404);
    });

    it('accepts the same key in different objects (it is only ambiguous within one), with or without a charset', async () => {
      expect((await send('/v1/consultations', validText())).statusCode).toBe(202);
      const withCharset = await ingest.app.inject({
        method: 'POST',
        url: '/v1/consultations',
        headers: { ...auth(), 'content-type': 'application/json; charset=utf-8' },
        payload: validText(),
      });
      expect(withCharset.statusCode, withCharset.body).toBe(202);
    });
  });

  describe('invalid UTF-8', () => {
    it('refuses bytes that are not UTF-8 instead of replacing them with U+FFFD, naming the byte', async () => {
      const [before, after] = validText().split('"clinicalSummary":"');
      const prefix = Buffer.from(`${before}"clinicalSummary":"Sore `);
      for (const bad of [[0xc3, 0x28], [0xff], [0xed, 0xa0, 0x80] /* an encoded surrogate */, [0xc0, 0xaf] /* overlong "/" */]) {
        const body = Buffer.concat([prefix, Buffer.from(bad), Buffer.from(`throat ${after}`)]);
        const problem = expectProblem(await send('/v1/consultations', body), 400);
        expect(problem.errors).toEqual([{ path: '', message: `is not valid UTF-8 (at byte ${prefix.length})`, code: 'invalid_utf8' }]);
      }
    });

    it('refuses it in a batch too', async () => {
      const body = Buffer.concat([Buffer.from(`{"consultations":[${validText().slice(0, -1)},"x":"`), Buffer.from([0xfe]), Buffer.from('"}]}')]);
      expect(expectProblem(await send('/v1/consultations/batch', body), 400).errors?.[0]?.code).toBe('invalid_utf8');
    });

    it('refuses a literal U+FFFD (text already corrupted upstream) and a lone surrogate escape, naming the field', async () => {
      const cases: [string, string][] = [
        ['Sore \uFFFD throat', 'replacement_character'],
        ['Sore \\uFFFD throat', 'replacement_character'],
        ['Sore throat \\uD800', 'unpaired_surrogate'],
        ['\\uDC00 Sore throat', 'unpaired_surrogate'],
      ];
      for (const [summary, code] of cases) {
        const text = validText().replace(/"clinicalSummary":"[^"]*"/, `"clinicalSummary":"${summary}"`);
        const problem = expectProblem(await send('/v1/consultations', text), 400);
        expect(
          problem.errors?.map((e) => [e.path, e.code]),
          summary,
        ).toEqual([['notes.clinicalSummary', code]]);
      }
    });
  });

  describe('free text', () => {
    it('refuses a clinical summary made only of zero-width characters', async () => {
      const text = validText().replace(/"clinicalSummary":"[^"]*"/, '"clinicalSummary":"\u200B\u200C\u200D"');
      expect(expectProblem(await send('/v1/consultations', text), 400).errors?.map((e) => [e.path, e.code])).toEqual([['notes.clinicalSummary', 'blank']]);
    });

    it('refuses NUL and ESC in free text and control characters in names, and keeps the text out of the answer', async () => {
      const cases: [string, unknown, string][] = [
        ['notes.clinicalSummary', 'Sore throat\u0000 for 3 days', 'notes.clinicalSummary'],
        ['notes.clinicalSummary', '\u001B[2JSore throat for 3 days', 'notes.clinicalSummary'],
        ['pharmacy.name', 'Dispensary\u0007Plus', 'pharmacy.name'],
        ['patient.name.family', 'Mensah\n', 'patient.name.family'],
      ];
      for (const [field, value, path] of cases) {
        const body = consultationOf() as unknown as Record<string, Record<string, unknown>>;
        const [head, ...rest] = field.split('.');
        let target = body[head as string] as Record<string, unknown>;
        for (const key of rest.slice(0, -1)) target = target[key] as Record<string, unknown>;
        target[rest[rest.length - 1] as string] = value;
        const response = await send('/v1/consultations', JSON.stringify(body));
        expect(expectProblem(response, 400).errors?.map((e) => [e.path, e.code])).toEqual([[path, 'control_character']]);
        expect(response.body).not.toContain('Sore throat');
      }
    });

    it('accepts a note with tabs and line breaks and names beyond ASCII', async () => {
      const body = consultationOf();
      body.notes.clinicalSummary = 'Sore throat.\r\n\tFeverPAIN 1.\nSelf-care advised.';
      body.patient.name = { given: ['Nguyễn'], family: 'O\u2019Sullivan-Łukasiewicz' };
      const response = await send('/v1/consultations', JSON.stringify(body));
      expect(response.statusCode, response.body).toBe(202);
    });
  });
});

describe('batch items each cost a rate-limit token', () => {
  let limited: RunningIngest;
  beforeAll(async () => {
    // The test clock stands still, so the bucket never refills: 5 tokens, then 429.
    limited = await startIngest({ label: 'ingest-batch-ratelimit', env: { INGEST_RATE_LIMIT_BURST: '5', INGEST_RATE_LIMIT_PER_SECOND: '0.5' } });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it('a 100-item batch spends 100 tokens: items beyond the bucket get 429, then the key is limited', async () => {
    const items = Array.from({ length: 100 }, () => consultationOf());
    const response = await limited.app.inject({ method: 'POST', url: '/v1/consultations/batch', headers: auth(), payload: { consultations: items } });
    expect(response.statusCode).toBe(207);
    const statuses = json<{ results: { index: number; status: number }[] }>(response).results.map((r) => r.status);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    // 95 more tokens are wanted; the bucket holds 5 and fills at 0.5 a second.
    expect(Number(response.headers['retry-after'])).toBe(10);
    const next = await limited.app.inject({ method: 'POST', url: '/v1/consultations', headers: auth(), payload: consultationOf() as object });
    expectProblem(next, 429);
    expect(next.headers['retry-after']).toBe('2');
  });
});
