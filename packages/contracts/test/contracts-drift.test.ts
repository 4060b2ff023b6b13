import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractArtefacts, repoRoot } from '../scripts/artefacts';

// The committed contract files are what pharmacy suppliers and other teams read; they must be
// exactly what the code generates. Fix a failure with: npm run contracts:generate
describe('committed contract artefacts match the contracts', () => {
  const artefacts = contractArtefacts();

  it.each([['contracts/consultation-event.schema.json'], ['contracts/outcome-fact.schema.json'], ['contracts/asyncapi.json']])('%s', (file) => {
    const artefact = artefacts.find((a) => a.file === file);
    expect(artefact, `no generator for ${file}`).toBeDefined();
    expect(readFileSync(`${repoRoot}${file}`, 'utf8')).toBe(artefact?.content);
  });

  it('the event schema and AsyncAPI document describe consultations.v1', () => {
    const byFile = new Map(artefacts.map((a) => [a.file, JSON.parse(a.content) as Record<string, unknown>]));
    const asyncapi = byFile.get('contracts/asyncapi.json') as { channels: Record<string, { address: string; messages: Record<string, unknown> }> };
    expect(asyncapi.channels.consultations?.address).toBe('consultations.v1');
    const event = byFile.get('contracts/consultation-event.schema.json') as { properties: Record<string, unknown>; required: string[] };
    expect(event.required).toEqual(expect.arrayContaining(['envelope', 'consultation']));
  });
});
