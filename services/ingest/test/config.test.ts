import { createApiKeyVerifier, sha256Hex } from '@firstsync/pharmacy-api-keys';
import { describe, expect, it } from 'vitest';
import { apiKeysOf, loadIngestConfig } from '../src/config';

describe('ingest configuration', () => {
  it('defaults to the documented demo key, stored as its SHA-256 and bound to FXA01', () => {
    const config = loadIngestConfig({});
    expect(config.INGEST_API_KEYS).toBeUndefined();
    expect(apiKeysOf(config)).toEqual([{ keyHash: sha256Hex('demo-pharmacy-key-FXA01'), pharmacyOds: 'FXA01', name: 'demo' }]);
    expect(JSON.stringify(config)).not.toContain('demo-pharmacy-key-FXA01');
    expect(createApiKeyVerifier(apiKeysOf(config)).verify('demo-pharmacy-key-FXA01')).toEqual({ name: 'demo', pharmacyOds: 'FXA01' });
  });

  it('uses INGEST_API_KEYS instead of the demo key when set', () => {
    const keys = [{ keyHash: sha256Hex('secret-one'), pharmacyOds: 'FAB12', name: 'one' }];
    const config = loadIngestConfig({ INGEST_API_KEYS: JSON.stringify(keys) });
    const verifier = createApiKeyVerifier(apiKeysOf(config));
    expect(verifier.verify('secret-one')).toEqual({ name: 'one', pharmacyOds: 'FAB12' });
    expect(verifier.verify('demo-pharmacy-key-FXA01')).toBeUndefined();
  });

  it('rejects malformed key lists without printing them', () => {
    const secretish = 'not-json-but-could-be-a-secret';
    expect(() => loadIngestConfig({ INGEST_API_KEYS: secretish })).toThrow(/INGEST_API_KEYS/);
    try {
      loadIngestConfig({ INGEST_API_KEYS: secretish });
    } catch (err) {
      expect(String(err)).not.toContain(secretish);
    }
    const plainKey = JSON.stringify([{ keyHash: 'demo-pharmacy-key-FXA01', pharmacyOds: 'FXA01', name: 'demo' }]);
    expect(() => loadIngestConfig({ INGEST_API_KEYS: plainKey })).toThrow(/INGEST_API_KEYS/);
    expect(() => loadIngestConfig({ INGEST_API_KEYS: plainKey })).not.toThrow(/demo-pharmacy-key/);
    const wrongOds = JSON.stringify([{ keyHash: sha256Hex('k'), pharmacyOds: 'A81001', name: 'gp' }]);
    expect(() => loadIngestConfig({ INGEST_API_KEYS: wrongOds })).toThrow(/INGEST_API_KEYS/);
  });
});

describe('environment hand-over', () => {
  it("ignores other programs' _FILE variables (a missing file must not stop ingest)", () => {
    const config = loadIngestConfig({ SSL_CERT_FILE: '/nonexistent/ca.pem', TF_CLI_CONFIG_FILE: '/nonexistent/rc', PORT: '9999' });
    expect(config.PORT).toBe(9999);
  });
});
