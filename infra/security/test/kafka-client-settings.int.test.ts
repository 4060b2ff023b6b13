import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, kafkaEnv, loadConfig } from '@firstsync/config';
import { createKafkaClient, kafkaReachable, kafkaSettingsFromEnv } from '@firstsync/kafka';
import { capturingLogger, leakedSecrets, testBrokers } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// Kafka TLS and SASL are configuration only: the shared env fragment -> client settings -> kafkajs.
const kafkaConfigSchema = z.object(kafkaEnv);
const SASL_PASSWORD = 'sasl-password-never-printed-83d1';

function secretsDir(): string {
  return mkdtempSync(join(tmpdir(), 'firstsync-kafka-'));
}

describe('Kafka client settings from configuration', () => {
  it('build TLS with a CA file and SCRAM credentials, the password read from a *_FILE secret', () => {
    const dir = secretsDir();
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(join(dir, 'sasl-password'), `${SASL_PASSWORD}\n`);
    const config = loadConfig(kafkaConfigSchema, {
      KAFKA_BROKERS: 'kafka-1.internal:9093,kafka-2.internal:9093',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'firstsync-ingest',
      KAFKA_SASL_PASSWORD_FILE: join(dir, 'sasl-password'),
    });
    expect(kafkaSettingsFromEnv(config, 'ingest')).toEqual({
      brokers: 'kafka-1.internal:9093,kafka-2.internal:9093',
      clientId: 'ingest',
      client: 'kafkajs',
      ssl: true,
      sslCaFile: join(dir, 'ca.pem'),
      sasl: { mechanism: 'scram-sha-512', username: 'firstsync-ingest', password: SASL_PASSWORD },
    });
  });

  it('default to plaintext without SASL (local development)', () => {
    const settings = kafkaSettingsFromEnv(loadConfig(kafkaConfigSchema, {}), 'dashboard');
    expect(settings.ssl).toBe(false);
    expect(settings.sasl).toBeUndefined();
  });

  it('refuse half a SASL configuration instead of connecting without authentication', () => {
    const config = loadConfig(z.object({ ...kafkaEnv }), { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'firstsync-ingest' });
    expect(() => kafkaSettingsFromEnv(config, 'ingest')).toThrow(/KAFKA_SASL_PASSWORD must be set together/);
  });

  it('refuse an unknown SASL mechanism naming the variable, never the password', () => {
    let error: unknown;
    try {
      loadConfig(kafkaConfigSchema, { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: SASL_PASSWORD, KAFKA_SSL: 'perhaps' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('KAFKA_SASL_MECHANISM');
    expect(message).toContain('KAFKA_SSL');
    expect(message).not.toContain(SASL_PASSWORD);
    expect(message).not.toContain('perhaps');
  });

  it('reach kafkajs: a TLS client and a SASL client cannot talk to the plaintext test broker, a plain one can', async () => {
    const { logger, lines } = capturingLogger('kafka-settings-test');
    const base = { brokers: testBrokers(), connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, retries: 0 };
    expect(await kafkaReachable(createKafkaClient({ ...base, clientId: 'plain' }, logger))).toBe(true);
    expect(await kafkaReachable(createKafkaClient({ ...base, clientId: 'tls', ssl: true }, logger))).toBe(false);
    expect(
      await kafkaReachable(
        createKafkaClient({ ...base, clientId: 'sasl', sasl: { mechanism: 'plain', username: 'firstsync', password: SASL_PASSWORD } }, logger),
      ),
    ).toBe(false);
    // kafkajs reports the failures through our logger; the credentials must not be in them.
    expect(leakedSecrets(lines, [SASL_PASSWORD])).toEqual([]);
  });
});
