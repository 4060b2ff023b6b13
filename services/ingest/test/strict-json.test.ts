import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAmbiguousMembers } from '../src/json/member-scan';
import { parseStrictJson } from '../src/json/strict-json';
import { decodeUtf8 } from '../src/json/utf8';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('decodeUtf8', () => {
  it('decodes UTF-8 beyond ASCII and drops a leading byte order mark', () => {
    expect(decodeUtf8(bytes('O’Sullivan Łukasiewicz Nguyễn 😀'))).toEqual({ ok: true, text: 'O’Sullivan Łukasiewicz Nguyễn 😀' });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], '{}'))).toEqual({ ok: true, text: '{}' });
  });

  it.each([
    ['a lone continuation byte', [0x80], 4],
    ['a truncated sequence', [0xc3, 0x28], 4],
    ['an overlong encoding of "/"', [0xc0, 0xaf], 4],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80], 4],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 4],
    ['0xFF', [0xff], 4],
  ])('refuses %s and says at which byte', (_label, bad, offset) => {
    expect(decodeUtf8(bytes('"a', [0xc3, 0xa9], ...[bad as number[]], '"'))).toEqual({ ok: false, byteOffset: offset });
  });

  it('counts a real U+FFFD, astral characters and a BOM before the bad byte correctly', () => {
    const prefix = bytes([0xef, 0xbb, 0xbf], '"\uFFFD😀é');
    expect(decodeUtf8(bytes(prefix, [0xff], '"'))).toEqual({ ok: false, byteOffset: prefix.length });
    expect(decodeUtf8(bytes('"abc', [0xe2, 0x82]))).toEqual({ ok: false, byteOffset: 4 });
  });
});

describe('findAmbiguousMembers', () => {
  it('finds a duplicate at any depth, by the path of the second one', () => {
    expect(findAmbiguousMembers('{"pharmacy":{"odsCode":"FXB02","odsCode":"FXA01"}}')).toEqual([{ kind: 'duplicate_key', path: ['pharmacy', 'odsCode'] }]);
    expect(findAmbiguousMembers('{"consultationId":"x","consentToShareWithGp":false,"consentToShareWithGp":true}')).toEqual([
      { kind: 'duplicate_key', path: ['consentToShareWithGp'] },
    ]);
    expect(findAmbiguousMembers('{"consultations":[{},{"a":[1,{"b":1}]},{"a":[0,1,{"b":1,"c":{},"b":2}]}]}')).toEqual([
      { kind: 'duplicate_key', path: ['consultations', 2, 'a', 2, 'b'] },
    ]);
  });

  it('decodes escaped names, and is not fooled by quotes, colons and braces inside strings', () => {
    expect(findAmbiguousMembers('{"odsCode":1,"ods\\u0043ode":2}')).toEqual([{ kind: 'duplicate_key', path: ['odsCode'] }]);
    expect(findAmbiguousMembers('{"a":"\\"a\\":1,{\\"a\\"","b":"\\\\","c":"}{[,]:\\\\\\""}')).toEqual([]);
    expect(findAmbiguousMembers('{"a\\\\":1,"a\\\\":2}')).toEqual([{ kind: 'duplicate_key', path: ['a\\'] }]);
    expect(findAmbiguousMembers('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":1}]}')).toEqual([]);
  });

  it('uses a set for objects with many members, and still finds the duplicate', () => {
    const members = Array.from({ length: 5_000 }, (_, i) => `"k${i}":${i}`);
    expect(findAmbiguousMembers(`{${members.join(',')}}`)).toEqual([]);
    expect(findAmbiguousMembers(`{${members.join(',')},"k4321":0}`)).toEqual([{ kind: 'duplicate_key', path: ['k4321'] }]);
  });

  it('finds prototype-poisoning names, however they are spelled', () => {
    expect(findAmbiguousMembers('{"a":[{"__proto__":{"admin":true}}]}')).toEqual([{ kind: 'forbidden_key', path: ['a', 0, '__proto__'] }]);
    expect(findAmbiguousMembers('{"\\u005f_proto__":{}}')).toEqual([{ kind: 'forbidden_key', path: ['__proto__'] }]);
    expect(findAmbiguousMembers('{"constructor":{"prototype":{"admin":true}}}')).toEqual([{ kind: 'forbidden_key', path: ['constructor', 'prototype'] }]);
    expect(findAmbiguousMembers('{"prototype":1,"constructor":"x","c":{"constructor":1}}')).toEqual([]);
  });

  it('walks nesting as deep as JSON.parse accepts without recursion', () => {
    const depth = 200_000;
    expect(findAmbiguousMembers(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)).toEqual([]);
    expect(findAmbiguousMembers(`${'['.repeat(depth)}{"b":1,"b":2}${']'.repeat(depth)}`)).toHaveLength(1);
  });

  it('reports at most 20 findings', () => {
    expect(findAmbiguousMembers(`{${Array.from({ length: 100 }, () => '"a":1').join(',')}}`)).toHaveLength(20);
  });

  // Oracle: JSON.stringify never writes a member twice, so any value it writes has no finding, and
  // one member written again into one of its objects is found exactly there.
  const objectValue = fc.jsonValue({ maxDepth: 4 }).filter((v) => !JSON.stringify(v).includes('"__proto__"'));

  it('finds nothing in what JSON.stringify writes, in any layout (property)', () => {
    fc.assert(
      fc.property(objectValue, fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        expect(findAmbiguousMembers(JSON.stringify(value, null, indent))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a member written twice into any object, at its path (property)', () => {
    const withObject = objectValue.filter((v) => JSON.stringify(v).includes('":'));
    fc.assert(
      fc.property(withObject, fc.nat(), (value, pick) => {
        // Every object with at least one member, with its path.
        const objects: { path: (string | number)[]; node: Record<string, Json> }[] = [];
        const walk = (node: Json, path: (string | number)[]) => {
          if (Array.isArray(node)) for (const [i, child] of node.entries()) walk(child, [...path, i]);
          else if (node !== null && typeof node === 'object') {
            if (Object.keys(node).length > 0) objects.push({ path, node });
            for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
          }
        };
        walk(value as Json, []);
        const target = objects[pick % objects.length];
        if (!target) return;
        const name = Object.keys(target.node)[0] as string;
        const marker = '"zz-marker-7f3a"';
        target.node['zz-marker-7f3a'] = null;
        // Write the object, then turn the marker member into a second copy of its first member.
        const text = JSON.stringify(value).replace(`${marker}:null`, () => `${JSON.stringify(name)}:0`);
        expect(findAmbiguousMembers(text)).toEqual([{ kind: 'duplicate_key', path: [...target.path, name] }]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseStrictJson', () => {
  it('returns the value of strict JSON', () => {
    expect(parseStrictJson(bytes('{"a":[1,"é"]}'))).toEqual({ ok: true, value: { a: [1, 'é'] } });
  });
  it('names the first thing that is wrong: empty, encoding, syntax, then members', () => {
    expect(parseStrictJson(bytes(''))).toEqual({ ok: false, failure: { kind: 'empty' } });
    expect(parseStrictJson(bytes('{"a":"', [0xff], '","a":1'))).toEqual({ ok: false, failure: { kind: 'invalid_utf8', byteOffset: 6 } });
    expect(parseStrictJson(bytes('{"a":1,"a":2'))).toEqual({ ok: false, failure: { kind: 'invalid_json' } });
    expect(parseStrictJson(bytes('{"a":1,"a":2}'))).toEqual({ ok: false, failure: { kind: 'ambiguous', members: [{ kind: 'duplicate_key', path: ['a'] }] } });
  });
});
