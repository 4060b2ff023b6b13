import { PROBLEM_CONTENT_TYPE, problemSchema } from '@firstsync/contracts';
import { acceptedTextArbitrary, consultationArbitrary, refusedTextArbitrary } from '@firstsync/contracts/arbitraries';
import { fixtureNames, fixtures } from '@firstsync/contracts/fixtures';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedBodySchema, batchResponseSchema } from '../src/http/schemas';
import { auth, consultationOf, PHARMACY_A, type RunningIngest, startIngest } from './support/ingest-harness';
import { MULTI_LINE_FIELD, strictTextBreaches } from './support/strict-text-oracle';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

/** Every path into a JSON value (containers and leaves), so a mutation can hit any depth. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((child, i) => pathsOf(child, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, child]) => pathsOf(child, [...prefix, k]))];
  return [prefix];
}

type Mutation = { kind: 'replace'; value: Json } | { kind: 'delete' } | { kind: 'add-key'; key: string; value: Json };

/** Text of every kind the contract accepts and refuses (control characters, invisible-only, lone surrogates, U+FFFD...). */
const anyText: fc.Arbitrary<string> = fc.oneof(
  refusedTextArbitrary('single-line'),
  refusedTextArbitrary('multi-line'),
  acceptedTextArbitrary('single-line'),
  acceptedTextArbitrary('multi-line'),
);

function mutate(document: Json, path: Path, mutation: Mutation): Json {
  const copy = structuredClone(document);
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : copy;
  let parent: Json = copy;
  for (const segment of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[segment] as Json;
  const last = path[path.length - 1] as string | number;
  const container = parent as Record<string | number, Json>;
  if (mutation.kind === 'replace') container[last] = mutation.value;
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete container[last];
  } else {
    const target = container[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) target[mutation.key] = mutation.value;
    else container[last] = { [mutation.key]: mutation.value };
  }
  return copy;
}

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.jsonValue() as fc.Arbitrary<Json> }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('add-key' as const), key: fc.string({ maxLength: 12 }), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> }),
  fc.record({ kind: fc.constant('replace' as const), value: anyText as fc.Arbitrary<Json> }),
);

/** A valid consultation of the test key's pharmacy: half fixtures, half generated. */
const validConsultation: fc.Arbitrary<Json> = fc
  .oneof(
    fc.constantFrom(...fixtureNames).map((name) => consultationOf(PHARMACY_A.ods, fixtures[name])),
    consultationArbitrary.map((c) => consultationOf(PHARMACY_A.ods, c)),
  )
  .map((c) => JSON.parse(JSON.stringify(c)) as Json);

const mutatedConsultation: fc.Arbitrary<Json> = validConsultation.chain((document) => {
  const paths = pathsOf(document);
  return fc.tuple(fc.array(fc.tuple(fc.constantFrom(...paths), mutationArbitrary), { minLength: 1, maxLength: 3 })).map(([mutations]) =>
    mutations.reduce<Json>((doc, [path, mutation]) => {
      try {
        return mutate(doc, path, mutation);
      } catch {
        // An earlier mutation removed this path: the document stays as it is.
        return doc;
      }
    }, document),
  );
});

const PROTOTYPE_KEY = /"__proto__":|"constructor":\{[^}]*"prototype":/;

/** Every object of a document that has members, with its path. */
function objectsOf(value: Json, path: Path = []): { path: Path; node: { [key: string]: Json } }[] {
  if (Array.isArray(value)) return value.flatMap((child, i) => objectsOf(child, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  const own = Object.keys(value).length > 0 ? [{ path, node: value }] : [];
  return [...own, ...Object.entries(value).flatMap(([key, child]) => objectsOf(child, [...path, key]))];
}

/** A document written as JSON with its first member written a second time (last wins) in one of its objects, and that member's path. */
function withDuplicateMember(document: Json, pick: number, value: Json): { text: string; path: string } | undefined {
  const copy = structuredClone(document);
  const objects = objectsOf(copy);
  const target = objects[pick % Math.max(1, objects.length)];
  if (!target) return undefined;
  const name = Object.keys(target.node)[0] as string;
  target.node['zz-duplicate-marker'] = null;
  const text = JSON.stringify(copy).replace('"zz-duplicate-marker":null', () => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
  return { text, path: [...target.path, name].join('.') };
}

/** The invariant: never a 5xx; every 4xx is RFC 9457 problem+json; a 2xx is what the contract promises. */
function expectWellFormedAnswer(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body).toBeLessThan(500);
  if (response.statusCode >= 400) {
    expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    const problem = problemSchema.parse(JSON.parse(response.body));
    expect(problem.status).toBe(response.statusCode);
  } else if (response.statusCode === 202) {
    acceptedBodySchema.parse(JSON.parse(response.body));
  } else {
    expect(response.statusCode).toBe(207);
    batchResponseSchema.parse(JSON.parse(response.body));
  }
}

describe('bad input never yields a 5xx (fast-check, real Kafka)', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ label: 'ingest-property' });
  });
  afterAll(async () => {
    await ingest?.stop();
  });

  /**
   * A 503 "temporarily unavailable" means the shared broker was slow to acknowledge (a busy CI
   * machine), not that the input broke anything: the same request is sent again. A 5xx caused by
   * the input would come back every time and still fail the property.
   */
  async function post(url: string, payload: string | Buffer): Promise<LightMyRequestResponse> {
    for (let attempt = 1; ; attempt += 1) {
      const response = await ingest.app.inject({ method: 'POST', url, headers: { ...auth(), 'content-type': 'application/json' }, payload });
      // Also a batch item's 503 (the accepted items of a retried batch are answered as replays).
      const unavailable = response.body.includes('urn:firstsync:problem:temporarily-unavailable');
      if (!unavailable || attempt === 3) return response;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  it('arbitrary JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.constantFrom('/v1/consultations', '/v1/consultations/batch'), async (value, url) => {
        expectWellFormedAnswer(await post(url, JSON.stringify(value)));
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary text sent as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        expectWellFormedAnswer(await post('/v1/consultations', text));
      }),
      { numRuns: 100 },
    );
  });

  it('arbitrary bytes sent as JSON (invalid UTF-8 included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        expectWellFormedAnswer(await post('/v1/consultations', Buffer.from(bytes)));
      }),
      { numRuns: 100 },
    );
  });

  it('mutated valid consultations, single and in batches: whatever is accepted passes the strict text rules', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedConsultation, async (document) => {
        const response = await post('/v1/consultations', JSON.stringify(document));
        expectWellFormedAnswer(response);
        if (response.statusCode === 202) expect(strictTextBreaches(document)).toEqual([]);
      }),
      { numRuns: 250 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedConsultation, { minLength: 1, maxLength: 5 }), async (documents) => {
        const body = JSON.stringify({ consultations: documents });
        const response = await post('/v1/consultations/batch', body);
        expectWellFormedAnswer(response);
        // A prototype-poisoning key refuses the whole request: there is no item to answer for.
        expect(response.statusCode).toBe(PROTOTYPE_KEY.test(body) ? 400 : 207);
        if (response.statusCode === 400) return;
        for (const result of batchResponseSchema.parse(JSON.parse(response.body)).results) {
          expect(result.status).toBeLessThan(500);
          if (result.status === 202) expect(strictTextBreaches(documents[result.index] as Json)).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a member written twice anywhere is refused as a whole, naming it, single and in a batch', async () => {
    await fc.assert(
      fc.asyncProperty(validConsultation, fc.nat(), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>, fc.boolean(), async (document, pick, value, batch) => {
        const duplicated = withDuplicateMember(batch ? { consultations: [document] } : document, pick, value);
        if (!duplicated) return;
        const response = await post(batch ? '/v1/consultations/batch' : '/v1/consultations', duplicated.text);
        expectWellFormedAnswer(response);
        expect(response.statusCode).toBe(400);
        expect(problemSchema.parse(JSON.parse(response.body)).errors).toContainEqual(expect.objectContaining({ path: duplicated.path, code: 'duplicate_key' }));
      }),
      { numRuns: 80 },
    );
  });

  it('bytes that are not UTF-8 anywhere in a valid consultation are refused, never replaced', async () => {
    const invalidSequence = fc.constantFrom([0x80], [0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]);
    await fc.assert(
      fc.asyncProperty(validConsultation, fc.double({ min: 0, max: 1, noNaN: true }), invalidSequence, async (document, where, bad) => {
        const text = Buffer.from(JSON.stringify(document));
        const at = Math.floor(where * text.length);
        const response = await post('/v1/consultations', Buffer.concat([text.subarray(0, at), Buffer.from(bad), text.subarray(at)]));
        expectWellFormedAnswer(response);
        expect(response.statusCode).toBe(400);
        expect(problemSchema.parse(JSON.parse(response.body)).errors?.[0]?.code).toBe('invalid_utf8');
      }),
      { numRuns: 60 },
    );
  });

  it('valid consultations are accepted (so the invariant is not met by refusing everything)', async () => {
    await fc.assert(
      fc.asyncProperty(validConsultation, async (document) => {
        const response = await post('/v1/consultations', JSON.stringify(document));
        expect(response.statusCode, response.body).toBe(202);
      }),
      { numRuns: 50 },
    );
  });

  it('valid consultations with any accepted text (every plane, marks, RTL, emoji, tabs in notes) in their text fields are accepted', async () => {
    // Patient names have their own letters-only rule; every other text field takes any accepted text.
    const TEXT_FIELD =
      /^(pharmacy\.name|clinician\.name\.(given\.\d+|family)|patient\.registeredPractice\.name|referral\.reference|presentingComplaints\.\d+\.display|observations\.\d+\.display|medicinesSupplied\.\d+\.(name|quantity\.unit))$/;
    const withAnyText = validConsultation.chain((document) => {
      const fields = pathsOf(document).filter((path) => TEXT_FIELD.test(path.join('.')) || MULTI_LINE_FIELD.test(path.join('.')));
      const texts = fields.map((path) => acceptedTextArbitrary(MULTI_LINE_FIELD.test(path.join('.')) ? 'multi-line' : 'single-line', 60));
      return fc.tuple(...texts).map((values) => values.reduce<Json>((doc, value, i) => mutate(doc, fields[i] as Path, { kind: 'replace', value }), document));
    });
    await fc.assert(
      fc.asyncProperty(withAnyText, async (document) => {
        const response = await post('/v1/consultations', JSON.stringify(document));
        expect(response.statusCode, response.body).toBe(202);
      }),
      { numRuns: 50 },
    );
  });
});
