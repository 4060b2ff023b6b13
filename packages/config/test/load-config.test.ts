import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, kafkaEnv, loadConfig, port } from '../src';

const schema = z.object({ PORT: port(8080), SECRET: z.string().min(8), ...kafkaEnv });

describe('loadConfig', () => {
  it('applies defaults and coerces numbers and booleans', () => {
    const config = loadConfig(schema, { SECRET: 'long-enough', KAFKA_SSL: 'true' });
    expect(config.PORT).toBe(8080);
    expect(config.KAFKA_SSL).toBe(true);
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
  });

  it('reads NAME_FILE secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'secret'), 'from-a-file\n');
    expect(loadConfig(schema, { SECRET_FILE: join(dir, 'secret') }).SECRET).toBe('from-a-file');
  });

  it('ignores inherited *_FILE variables the schema does not know, even when their file is missing', () => {
    const config = loadConfig(schema, { SECRET: 'long-enough', TF_CLI_CONFIG_FILE: '/nonexistent/terraformrc' });
    expect(config.SECRET).toBe('long-enough');
    const piped = schema.transform((c) => ({ secret: c.SECRET }));
    expect(loadConfig(piped, { SECRET: 'long-enough', OTHER_FILE: '/nonexistent' }).secret).toBe('long-enough');
  });

  it('keeps a NAME_FILE the schema declares as a path, and names an unreadable secret file without its path', () => {
    expect(loadConfig(schema, { SECRET: 'long-enough', KAFKA_SSL_CA_FILE: '/etc/ca.pem' }).KAFKA_SSL_CA_FILE).toBe('/etc/ca.pem');
    expect(() => loadConfig(schema, { SECRET_FILE: '/nonexistent/secret-path' })).toThrow(/SECRET_FILE: the file cannot be read/);
    expect(() => loadConfig(schema, { SECRET_FILE: '/nonexistent/secret-path' })).not.toThrow(/secret-path/);
  });

  it('names bad variables without echoing their values', () => {
    let error: unknown;
    try {
      loadConfig(schema, { SECRET: 'short', PORT: '99999' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('SECRET');
    expect(message).toContain('PORT');
    expect(message).not.toContain('short');
  });
});
