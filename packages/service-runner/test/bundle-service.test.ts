import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiOnly, bundleEntry } from '../src/bundle-service';

const repoRoot = new URL('../../../', import.meta.url).pathname;

describe('asciiOnly', () => {
  it('escapes every non-ASCII character and leaves ASCII text as it was', () => {
    expect(asciiOnly('// a name with no Latin letter (王, Иванов)\nconst x = 1;')).toBe(
      '// a name with no Latin letter (\\u738b, \\u0418\\u0432\\u0430\\u043d\\u043e\\u0432)\nconst x = 1;',
    );
    expect(asciiOnly('const s = "plain";')).toBe('const s = "plain";');
  });
});

// Libraries a service loads only when it needs them (dynamic import): a static import in the bundle
// would put them on every process's heap again.
const LOADED_ON_DEMAND = [
  '@opentelemetry/sdk-trace',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/resources',
  '@opentelemetry/core',
  '@opentelemetry/context-async-hooks',
  'kafkajs',
  '@platformatic/kafka',
  'nodemailer',
  'pdf-lib',
];

describe('the delivery bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  let source = '';
  beforeAll(async () => {
    source = readFileSync(await bundleEntry(join(repoRoot, 'services/delivery/src/main.ts'), join(dir, 'main.mjs')), 'utf8');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is ASCII only, so V8 keeps its source at one byte per character', () => {
    expect(source.length).toBeGreaterThan(100_000);
    expect(source.match(/[\u0080-\uffff]/g) ?? []).toEqual([]);
  });

  it('carries the third-party code it imports statically, and imports on demand what it loads on demand', () => {
    // Minified: several statements to a line, `import{a as b}from"..."`.
    const staticImports = [...source.matchAll(/\bimport\s*[\w${*][^;"']*?from\s*"([^"]+)"/g)].map((match) => match[1] ?? '');
    const packages = staticImports.map((path) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1]).filter((name) => name !== undefined);
    // Fastify, zod, pino and the rest are in the bundle; only the OpenTelemetry API stays outside it.
    expect(staticImports.length).toBeGreaterThan(3);
    expect(new Set(packages)).toEqual(new Set(['@opentelemetry/api']));
    expect(source).toContain('FST_ERR_');
    const onDemand = [...source.matchAll(/import\("(file:[^"]+)"\)/g)].map((match) => match[1] ?? '');
    for (const library of LOADED_ON_DEMAND) expect(onDemand.filter((path) => path.includes(`/node_modules/${library}/`))).toHaveLength(1);
  });
});
