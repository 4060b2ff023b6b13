import { testBrokers } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { fuzzIngest } from '../src/fuzz-ingest';

// Outside fuzzing of the pharmacy-facing API: schemathesis (from PyPI) generates requests from the
// OpenAPI document the real ingest process serves and fails on any 5xx or any answer that breaks
// its own documented schema. Bounded (examples per operation) so it fits the test command.
describe('ingest API under schemathesis', () => {
  it('finds no server error and no response that breaks the OpenAPI document', { timeout: 360_000 }, async () => {
    const result = await fuzzIngest({
      brokers: testBrokers(),
      maxExamples: Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 20),
      ...(process.env.SCHEMATHESIS_SEED ? { seed: Number(process.env.SCHEMATHESIS_SEED) } : {}),
    });
    const summary = `schemathesis seed ${result.seed}: ${result.operations} operations, ${result.testCases} test cases, ${result.findings} findings, exit ${result.exitCode}`;
    process.stderr.write(`[schemathesis] ${summary}\n`);
    // Findings are printed in full: the seed above reproduces them with
    // `node --import tsx infra/schemathesis/src/run.ts --seed <seed>`.
    expect(result.exitCode, `${summary}\n${result.output.slice(-12_000)}`).toBe(0);
    expect(result.findings, summary).toBe(0);
    expect(result.operations, 'schemathesis found no operations to test').toBeGreaterThanOrEqual(3);
    expect(result.testCases).toBeGreaterThan(result.operations);
  });
});
