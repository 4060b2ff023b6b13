import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ingestArtefacts } from '../src/contracts/artefacts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// The committed contract files are what pharmacy suppliers and other teams read; they must be
// exactly what the code generates. Fix a failure with: pnpm --filter @firstsync/ingest contracts:write
describe('committed contract artefacts match the code', () => {
  // Generated once: building the documents starts (but never connects) an ingest app.
  const artefacts = ingestArtefacts();

  it.each([['contracts/openapi.json'], ['contracts/consultation-event.schema.json'], ['contracts/asyncapi.json']])('%s', async (file) => {
    const artefact = (await artefacts).find((a) => a.file === file);
    expect(artefact, `no generator for ${file}`).toBeDefined();
    expect(JSON.parse(readFileSync(`${repoRoot}${file}`, 'utf8'))).toEqual(JSON.parse(String(artefact?.content)));
  });

  it('the event schema and AsyncAPI document describe consultations.v1', async () => {
    const byFile = new Map((await artefacts).map((a) => [a.file, JSON.parse(a.content) as Record<string, unknown>]));
    const asyncapi = byFile.get('contracts/asyncapi.json') as { channels: Record<string, { address: string; messages: Record<string, unknown> }> };
    expect(asyncapi.channels.consultations?.address).toBe('consultations.v1');
    const event = byFile.get('contracts/consultation-event.schema.json') as { properties: Record<string, unknown>; required: string[] };
    expect(event.required).toEqual(expect.arrayContaining(['envelope', 'consultation']));
  });
});
