import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@firstsync/system-harness';
import { describe, expect, it } from 'vitest';

// A service that refuses its configuration must say which variable is wrong and never echo the
// value: crash logs are collected centrally and read by people who must not see secrets.
interface Outcome {
  code: number | null;
  output: string;
}

function runService(dir: string, env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    // Only what the test sets (plus PATH/HOME): inherited *_FILE variables would be read as secrets.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(repoRoot, 'services', dir),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', KAFKA_BROKERS: '127.0.0.1:1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const SECRET = 'Sup3r-Secret-Value-9f2c4e';

describe('configuration errors', () => {
  it.each([
    ['ingest', 'INGEST_API_KEYS', { INGEST_API_KEYS: `not json ${SECRET}` }],
    ['ingest', 'INGEST_API_KEYS', { INGEST_API_KEYS: JSON.stringify([{ keyHash: SECRET, pharmacyOds: 'FCA01', name: 'a' }]) }],
    ['dashboard', 'DASHBOARD_SESSION_SECRET', { DASHBOARD_SESSION_SECRET: SECRET }],
    ['dashboard', 'DASHBOARD_USERS', { DASHBOARD_USERS: JSON.stringify([{ username: 'x', role: 'operator', passwordHash: SECRET }]) }],
    ['fhir-mapper', 'KAFKA_SASL_MECHANISM', { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: SECRET }],
  ])('%s names %s and exits without printing the value', { timeout: 40_000 }, async (service, variable, env) => {
    const outcome = await runService(service, env);
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain(variable);
    expect(outcome.output).not.toContain(SECRET);
  });

  it('reads a secret from a *_FILE and still never prints it when it is invalid', { timeout: 40_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firstsync-secrets-'));
    writeFileSync(join(dir, 'api-keys.json'), `[{"keyHash":"${SECRET}","pharmacyOds":"FCA01","name":"a"}]`);
    const outcome = await runService('ingest', { INGEST_API_KEYS_FILE: join(dir, 'api-keys.json') });
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('INGEST_API_KEYS');
    expect(outcome.output).not.toContain(SECRET);
  });
});
