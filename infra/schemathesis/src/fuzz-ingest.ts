import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiKeysJson, generateConsultations, PHARMACIES, repoRoot, startSystem } from '@firstsync/system-harness';
import { ensureSchemathesis } from './venv';

export interface FuzzOptions {
  brokers: string;
  /** Test cases per API operation and phase (bounded so the run fits the test command). */
  maxExamples: number;
  seed?: number;
  log?: (msg: string) => void;
}

export interface FuzzResult {
  readonly exitCode: number;
  readonly output: string;
  readonly seed: number;
  /** Operations schemathesis found in the document (0 would mean it tested nothing). */
  readonly operations: number;
  /** Test cases it sent, from its JSON report. */
  readonly testCases: number;
  /** Failures and errors in its JSON report. */
  readonly findings: number;
}

// The documented checks of issue 9: nothing answers 5xx, and every answer matches its own schema;
// and of issue 18 (hooks.py): hostile input is refused, and nothing accepted carries hostile text.
const CHECKS = 'not_a_server_error,response_schema_conformance,hostile_input_refused,accepted_text_is_strict';

/** Longest a run may take; the test allows 360 s for the whole, ingest's start included. */
const SCHEMATHESIS_TIMEOUT_MS = 300_000;

interface JsonReport {
  operations?: { tested?: number };
  test_cases?: { generated?: number };
  failures?: unknown[];
  errors?: unknown[];
}

function countFrom(reportPath: string): { operations: number; testCases: number; findings: number } {
  try {
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as JsonReport;
    return {
      operations: report.operations?.tested ?? 0,
      testCases: report.test_cases?.generated ?? 0,
      findings: (report.failures?.length ?? 0) + (report.errors?.length ?? 0),
    };
  } catch {
    return { operations: 0, testCases: 0, findings: 0 };
  }
}

/**
 * Starts the real ingest process (own topic namespace on the given broker, a dev API key), then runs
 * schemathesis against the OpenAPI document it serves at /docs/json, authenticated as a pharmacy.
 */
export async function fuzzIngest(options: FuzzOptions): Promise<FuzzResult> {
  const log = options.log ?? (() => {});
  const cli = await ensureSchemathesis(repoRoot, log);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const system = await startSystem({
    brokers: options.brokers,
    topicPrefix: `t.schemathesis.${randomUUID().slice(0, 8)}.`,
    only: ['ingest'],
    logLevel: 'warn',
    env: {
      ingest: {
        INGEST_API_KEYS: apiKeysJson(),
        // Fuzzing is a burst of requests from one key: the limiter is tested elsewhere.
        INGEST_RATE_LIMIT_PER_SECOND: '10000',
        INGEST_RATE_LIMIT_BURST: '10000',
        INGEST_CONSUMER_SESSION_TIMEOUT_MS: '10000',
        INGEST_CONSUMER_HEARTBEAT_MS: '1000',
      },
    },
  });
  const reportDir = join(repoRoot, '.data', 'schemathesis', randomUUID().slice(0, 8));
  mkdirSync(reportDir, { recursive: true });
  const reportPath = join(reportDir, 'report.json');
  // Valid consultations of the key's own pharmacy for hooks.py to mix into the generated ones.
  const validPath = join(reportDir, 'valid-consultations.json');
  const valid = generateConsultations({
    count: 12,
    pharmacyOds: PHARMACIES.a.ods,
    practices: ['A81001'],
    poisonPractices: [],
    poisonRatio: 0,
    allFixtures: true,
  });
  writeFileSync(validPath, JSON.stringify(valid.map((c) => c.body)));
  try {
    const base = system.url('ingest');
    const args = [
      'run',
      `${base}/docs/json`,
      '--url',
      base,
      '--checks',
      CHECKS,
      '--max-examples',
      String(options.maxExamples),
      '--seed',
      String(seed),
      '--phases',
      'examples,coverage,fuzzing',
      '--header',
      `Authorization: Bearer ${PHARMACIES.a.key}`,
      '--request-timeout',
      '10',
      '--workers',
      '2',
      '--no-color',
      '--generation-database',
      'none',
      '--report',
      'json',
      '--report-json-path',
      reportPath,
      '--suppress-health-check',
      'all',
    ];
    log(`schemathesis ${args.join(' ').replace(PHARMACIES.a.key, '<key>')}`);
    const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve, reject) => {
      const child = spawn(cli, args, {
        // Stopped before the test's own timeout, so the finally below still stops ingest (a
        // timed-out test would otherwise leave schemathesis and the ingest process running).
        timeout: SCHEMATHESIS_TIMEOUT_MS,
        cwd: reportDir,
        env: {
          ...process.env,
          NO_COLOR: '1',
          SCHEMATHESIS_TELEMETRY: 'false',
          SCHEMATHESIS_HOOKS: join(repoRoot, 'infra', 'schemathesis', 'hooks.py'),
          FIRSTSYNC_VALID_CONSULTATIONS: validPath,
        },
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ exitCode: code ?? 1, output: text }));
    });
    return { exitCode, output, seed, ...countFrom(reportPath) };
  } finally {
    await system.stop();
  }
}
