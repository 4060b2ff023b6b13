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

  it('imports the libraries it needs only on demand nowhere statically', () => {
    const staticImports = [...source.matchAll(/^import [^;]*? from "([^"]+)";$/gms)].map((match) => match[1] ?? '');
    expect(staticImports.some((path) => path.includes('/node_modules/fastify/'))).toBe(true);
    for (const library of LOADED_ON_DEMAND) expect(staticImports.filter((path) => path.includes(`/node_modules/${library}/`))).toEqual([]);
    expect(source).toContain('import("file://');
  });
});
