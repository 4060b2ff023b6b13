import { testBrokers } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { formatHostileReport } from '../src/hostile/report';
import { runHostile } from '../src/hostile/run-hostile';

// The short form of the hostile-input run (the full one: `node --import tsx
// infra/security/src/hostile-run.ts --brokers host:port`): the whole system with delivery over
// MESH, the outside probe's attacks on ingest and the dashboard as they were made, every name
// case in the patient's family name and the pharmacy's name, a fuzzed set, and every accepted
// consultation followed to the simulated GP. No answer may be a 5xx, every refusal of ingest is a
// problem, and nothing accepted may be undeliverable.
describe('hostile input (short form)', () => {
  it('answers every attack with a 2xx, 3xx or 4xx and delivers everything it accepted', { timeout: 480_000 }, async () => {
    const report = await runHostile({
      brokers: testBrokers(),
      short: true,
      seed: Number(process.env.HOSTILE_SEED ?? 18),
      fuzzCount: 40,
      nameFields: ['patient.name.family', 'pharmacy.name'],
      batches: 2,
      // The old fault needs more than 10,000 (see OLD_SESSION_CAP); the full run sends that many.
      loginFlood: 200,
      wrongPasswords: 12,
      settleTimeoutMs: 150_000,
      log: (msg) => process.stderr.write(`[hostile] ${msg}\n`),
    });
    const figures = formatHostileReport(report);
    process.stderr.write(`${figures}\n`);
    expect(report.ingest.tried + report.dashboard.tried, figures).toBeGreaterThan(300);
    expect(report.ingest.serverErrors + report.dashboard.serverErrors, figures).toBe(0);
    expect(report.consultations.accepted, figures).toBeGreaterThan(50);
    expect(report.consultations.delivered, figures).toBe(report.consultations.accepted);
    expect(
      report.checks.filter((check) => check.result === 'fail').map((check) => `${check.name}: ${check.detail}`),
      figures,
    ).toEqual([]);
  });
});
