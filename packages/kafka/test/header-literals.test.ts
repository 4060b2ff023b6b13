import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRACE_HEADER } from '@firstsync/logging';
import { describe, expect, it } from 'vitest';
import { HEADER } from '../src/headers';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Where a service spells a header name that HEADER or TRACE_HEADER already defines. */
function headerLiterals(files: readonly string[], names: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const match of line.matchAll(/['"`]([a-z][a-z0-9-]*)['"`]/g)) {
          if (match[1] !== undefined && names.has(match[1])) found.push(`${file.slice(root.length)}:${index + 1} ${match[1]}`);
        }
      });
  }
  return found;
}

describe('header names are defined once', () => {
  const names = new Set<string>([...Object.values(HEADER), ...Object.values(TRACE_HEADER)].filter((name) => name.includes('-')));

  it('no service spells a Kafka or trace header name itself', () => {
    const services = readdirSync(join(root, 'services')).map((name) => join(root, 'services', name, 'src'));
    expect(headerLiterals(services.flatMap(sourceFiles), names)).toEqual([]);
  });

  it('finds a spelt-out name (the check can fail)', () => {
    const probe = join(root, 'packages', 'kafka', 'test', 'header-literals.test.ts');
    expect(headerLiterals([probe], new Set(['x-probe-header'])).length).toBeGreaterThan(0);
    // 'x-probe-header' above is the literal this probe looks for.
  });
});
