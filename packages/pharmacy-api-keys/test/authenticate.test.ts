import { createHttpApp } from '@firstsync/http-app';
import { quietLogger } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiKeysEnvSchema, apiKeysOf, authenticate, createApiKeyVerifier, DEMO_API_KEY, decorateApiClient, sha256Hex } from '../src/index';

const KEYS = [{ keyHash: sha256Hex('key-one'), pharmacyOds: 'FAB12', name: 'one' }];

async function guardedApp() {
  const app = createHttpApp({ logger: quietLogger });
  decorateApiClient(app);
  app.addHook('onRequest', authenticate(createApiKeyVerifier(KEYS), 'test-realm'));
  app.get('/who', async (request) => request.apiClient ?? null);
  await app.ready();
  return app;
}

describe('authenticate hook', () => {
  it('sets the client for a configured key', async () => {
    const app = await guardedApp();
    const response = await app.inject({ method: 'GET', url: '/who', headers: { authorization: 'Bearer key-one' } });
    expect(response.json()).toEqual({ name: 'one', pharmacyOds: 'FAB12' });
  });

  it('answers 401 problem+json with the realm for a missing, malformed or unknown key', async () => {
    const app = await guardedApp();
    for (const authorization of [undefined, 'Basic a2V5', 'Bearer key-two']) {
      const response = await app.inject({ method: 'GET', url: '/who', headers: authorization === undefined ? {} : { authorization } });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="test-realm"/);
      expect(response.body).not.toContain('key-two');
    }
  });
});

describe('INGEST_API_KEYS', () => {
  const schema = z.object({ INGEST_API_KEYS: apiKeysEnvSchema.optional() });
  it('parses the JSON list, and without it only the demo key is accepted', () => {
    const configured = schema.parse({ INGEST_API_KEYS: JSON.stringify(KEYS) });
    expect(apiKeysOf(configured)).toEqual(KEYS);
    expect(createApiKeyVerifier(apiKeysOf(schema.parse({}))).verify(DEMO_API_KEY)?.pharmacyOds).toBe('FXA01');
  });
  it('refuses text that is not JSON with a fixed message that does not quote it', () => {
    const result = schema.safeParse({ INGEST_API_KEYS: '[{"keyHash": secret-ish' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).not.toContain('secret-ish');
  });
});
