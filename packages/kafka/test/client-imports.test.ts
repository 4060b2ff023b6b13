import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The port is the only way to Kafka: no file outside packages/kafka names a client library, so
// KAFKA_CLIENT really does switch every hop. The raw-pipe benchmark is the deliberate exception:
// it measures bare kafkajs as the physical limit.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const ALLOWED = new Set(['infra/benchmarks/src/baseline/raw-pipe.ts']);
const CLIENTS = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"](kafkajs|@platformatic\/kafka)(?:\/[^'"]*)?['"]/;
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs|tsx)$/;
const SKIP_DIRS = new Set(['node_modules', '.git', '.kafka', '.data', 'dist', 'coverage', 'target', 'test-artifacts']);

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) sources(join(dir, entry.name), out);
    } else if (SOURCE.test(entry.name)) out.push(join(dir, entry.name));
  }
  return out;
}

describe('Kafka client libraries stay behind packages/kafka', () => {
  it('no source outside packages/kafka imports kafkajs or @platformatic/kafka', () => {
    const offenders = ['services', 'packages', 'infra']
      .flatMap((top) => sources(join(root, top)))
      .map((file) => relative(root, file).split('\\').join('/'))
      .filter((file) => !file.startsWith('packages/kafka/') && !ALLOWED.has(file))
      .filter((file) => CLIENTS.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no package outside packages/kafka (and the benchmarks baseline) depends on a client library', () => {
    const manifests = ['services', 'packages', 'infra'].flatMap((top) =>
      readdirSync(join(root, top), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${top}/${entry.name}`),
    );
    const offenders = manifests
      .filter((dir) => dir !== 'packages/kafka' && dir !== 'infra/benchmarks')
      .filter((dir) => {
        try {
          const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
          return ['dependencies', 'devDependencies'].some((field) => manifest[field]?.kafkajs || manifest[field]?.['@platformatic/kafka']);
        } catch {
          return false;
        }
      });
    expect(offenders).toEqual([]);
  });

  it('the lint catches an import (self-check of the pattern)', () => {
    expect(CLIENTS.test(`import { Kafka } from 'kafkajs';`)).toBe(true);
    expect(CLIENTS.test(`import type { Message } from "@platformatic/kafka";`)).toBe(true);
    expect(CLIENTS.test(`const k = await import('kafkajs');`)).toBe(true);
    expect(CLIENTS.test(`import { createKafkaClient } from '@firstsync/kafka';`)).toBe(false);
  });
});
