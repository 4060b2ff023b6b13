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
