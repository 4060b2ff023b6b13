import { readFileSync } from 'node:fs';
import { artefactJson, repoRoot } from '@firstsync/contracts/artefacts';
import { describe, expect, it } from 'vitest';
import { OUTCOMES_OPENAPI_FILE, outcomesOpenApiDocument } from '../src/outcomes/openapi';

// The committed OpenAPI document is what an ICB analyst reads; it must be what the code answers.
// Fix a failure with: npm run contracts:generate
describe('committed outcomes OpenAPI document', () => {
  it(`${OUTCOMES_OPENAPI_FILE} matches the code`, () => {
    expect(readFileSync(`${repoRoot}${OUTCOMES_OPENAPI_FILE}`, 'utf8')).toBe(artefactJson(outcomesOpenApiDocument()));
  });

  it('documents every outcomes API route the dashboard registers, with the figures schema', () => {
    const document = outcomesOpenApiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: object }> } };
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/outcomes/national',
      '/api/outcomes/national.csv',
      '/api/outcomes/{level}/{code}',
      '/api/outcomes/{level}/{code}.csv',
    ]);
    expect(Object.keys(document.components.schemas.DisclosedFigures?.properties ?? {})).toContain('antibioticSupply');
  });
});
