import { readFileSync } from 'node:fs';
import { PHARMACY_EVENT_TYPES, pharmacyEventSchema } from '@firstsync/contracts';
import { repoRoot } from '@firstsync/contracts/artefacts';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, pharmacyNotifyArtefacts } from '../src/contracts/artefacts';
import { webhooksSection } from '../src/http/openapi-webhooks';

// The committed OpenAPI document is what pharmacy suppliers read; it must be exactly what the
// running service serves. Fix a failure with: npm run contracts:generate
describe('committed pharmacy-notify OpenAPI document', () => {
  it(`${OPENAPI_FILE} matches the code`, async () => {
    const artefact = (await pharmacyNotifyArtefacts()).find((a) => a.file === OPENAPI_FILE);
    expect(artefact, `no generator for ${OPENAPI_FILE}`).toBeDefined();
    expect(readFileSync(`${repoRoot}${OPENAPI_FILE}`, 'utf8')).toBe(artefact?.content);
  });

  it('documents every route, one webhook per event type, and the PharmacyEvent schema they refer to', async () => {
    const [artefact] = await pharmacyNotifyArtefacts();
    const document = JSON.parse(artefact?.content ?? '{}');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/health/live',
      '/health/ready',
      '/v1/events',
      '/v1/webhooks/endpoints',
      '/v1/webhooks/endpoints/{id}',
      '/v1/webhooks/endpoints/{id}/attempts',
      '/v1/webhooks/endpoints/{id}/disable',
      '/v1/webhooks/endpoints/{id}/enable',
      '/v1/webhooks/endpoints/{id}/rotate-secret',
      '/v1/webhooks/endpoints/{id}/secret',
    ]);
    expect(Object.keys(document.webhooks)).toEqual([...PHARMACY_EVENT_TYPES]);
    expect(document.components.schemas.PharmacyEvent).toBeDefined();
    expect(document.paths['/v1/events'].get.responses['410'].content['application/problem+json']).toBeDefined();
  });

  it('every webhook example is a valid pharmacy event of its own type', () => {
    for (const [type, webhook] of Object.entries(webhooksSection())) {
      const content = (webhook as { post: { requestBody: { content: Record<string, { examples: Record<string, { value: unknown }> }> } } }).post.requestBody
        .content;
      for (const example of Object.values(content['application/json']?.examples ?? {})) {
        const parsed = pharmacyEventSchema.parse(example.value);
        expect(parsed.type).toBe(type);
      }
    }
  });
});
