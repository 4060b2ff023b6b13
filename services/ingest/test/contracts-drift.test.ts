import { readFileSync } from 'node:fs';
import { repoRoot } from '@firstsync/contracts/artefacts';
import { describe, expect, it } from 'vitest';
import { ingestArtefacts } from '../src/contracts/artefacts';

// The committed OpenAPI document is what pharmacy suppliers read; it must be exactly what the
// running service serves. Fix a failure with: npm run contracts:generate
describe('committed OpenAPI document matches the code', () => {
  it('contracts/openapi.json', async () => {
    // Building the document starts (but never connects) an ingest app.
    const artefact = (await ingestArtefacts()).find((a) => a.file === 'contracts/openapi.json');
    expect(artefact, 'no generator for contracts/openapi.json').toBeDefined();
    expect(readFileSync(`${repoRoot}contracts/openapi.json`, 'utf8')).toBe(artefact?.content);
  });
});
