import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { vocabularyFindings } from './support/vocabulary-scan';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// Issue #13: no service defines a state or code this package defines. Tests may spell codes out
// (an expected value reads best as itself); product code imports them.
describe('services use the lifecycle vocabulary of @firstsync/consultation-lifecycle', () => {
  it('no service source spells an ITK3 or EPL code, or lists lifecycle states', () => {
    const services = readdirSync(join(root, 'services'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    const findings = services.flatMap((service) =>
      sourceFiles(join(root, 'services', service.name, 'src')).flatMap((path) =>
        vocabularyFindings(path, readFileSync(path, 'utf8')).map((f) => `${relative(root, path)}:${f.line}: ${f.message}`),
      ),
    );
    expect(findings).toEqual([]);
  });

  it.each([
    ["if (ack.code === '20013') done();", 1],
    ['const code = `EPL-151`;', 1],
    ["type Answer = '30001' | '30002';", 2],
    ["export const STATES = ['received', 'acknowledged', 'failed'] as const;", 1],
    ["type State = 'sent' | 'awaiting-ack';", 1],
    ['const ok = z.enum(["delivered", "retrying"]);', 1],
    // Uses, not definitions: event types, one state, typed records, other vocabularies.
    ["const ENDS = new Set<PipelineEventType>(['sent', 'parked', 'dead-lettered']);", 0],
    ["if (view.state === 'retrying') n += 1;", 0],
    ["const LABELS: Record<ConsultationState, string> = { 'awaiting-ack': 'Awaiting ack', retrying: 'Retrying' };", 0],
    ["type StoredStatus = 'uploading' | 'accepted' | 'acknowledged';", 0],
    ["const timeout = '10000';", 0],
    ['// a comment about 20013 and EPL-152', 0],
  ])('%s -> %i finding(s)', (source, count) => {
    expect(vocabularyFindings('sample.ts', source)).toHaveLength(count);
  });
});
