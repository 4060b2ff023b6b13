import { Writable } from 'node:stream';
import { createLogger } from '@firstsync/logging';
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_API_KEYS, warnIfDemoApiKey } from '../src/index';

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  // pino writes synchronously to a plain stream: the lines are there when the call returns.
  return { logger: createLogger({ service: 'test', level: 'info', destination }), lines };
}

describe('warnIfDemoApiKey (ingest and pharmacy-notify at start)', () => {
  it('warns once when INGEST_API_KEYS is not set, naming the pharmacy but never the key', () => {
    const { logger, lines } = capturingLogger();
    expect(warnIfDemoApiKey({}, logger)).toBe(true);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    // pino's level 40 is warn.
    expect(line).toMatchObject({ level: 40, pharmacyOds: 'FXA01', keyLength: DEMO_API_KEY.length });
    expect(String(line.msg)).toContain('INGEST_API_KEYS is not set');
    expect(lines[0]).not.toContain(DEMO_API_KEY);
  });

  it('says nothing when keys are configured', () => {
    const { logger, lines } = capturingLogger();
    expect(warnIfDemoApiKey({ INGEST_API_KEYS: DEMO_API_KEYS }, logger)).toBe(false);
    expect(lines).toEqual([]);
  });
});
