import { describeExitFaults } from '@firstsync/system-harness';
import { testBrokers } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { formatReport, runChaos } from '../src/scenario';

// The short form of the chaos suite (the full one is `node --import tsx infra/chaos/src/run.ts`):
// 300 consultations through the real services while each of them is SIGKILLed once and the GP side
// answers 503s, hangs and rejects a poisoned subset. Every accepted consultation must end up
// delivered exactly once at the GP side (after its deduplication) or dead-lettered with a reason,
// and no service may end in a way the plan did not cause (a crash, or an unclean final stop).
describe('chaos (short form)', () => {
  it('loses nothing and delivers nothing twice under SIGKILLs and GP-side faults', { timeout: 420_000 }, async () => {
    const report = await runChaos({
      brokers: testBrokers(),
      count: Number(process.env.CHAOS_COUNT ?? 300),
      durationMs: 30_000,
      kill: ['ingest', 'fhir-mapper', 'delivery', 'dashboard'],
      killsPerService: 1,
      settleTimeoutMs: 150_000,
      keepLogs: false,
      log: (msg) => process.stderr.write(`[chaos] ${msg}\n`),
    });
    const figures = formatReport(report);
    process.stderr.write(`${figures}\n`);
    const a = report.accounting;
    expect(report.submit.accepted, figures).toBe(report.count);
    expect(a.lost, figures).toEqual([]);
    expect(report.settled, figures).toBe(true);
    expect(a.deliveredAsSeveralMessages, figures).toEqual([]);
    expect(a.poisonedDelivered, figures).toEqual([]);
    expect(a.deadLetteredWithoutReason, figures).toEqual([]);
    expect(a.deliveredAndDeadLettered, figures).toEqual([]);
    expect([...a.deadLetteredNotPoisoned.entries()], figures).toEqual([]);
    // Every planned kill happened (the run really was under fault).
    expect(
      report.events.filter((e) => e.what.startsWith('SIGKILL')),
      figures,
    ).toHaveLength(4);
    expect(a.deliveredOnce + a.deadLettered, figures).toBe(report.submit.accepted);
    // Each planned SIGKILL ended its process by SIGKILL; nothing else ended on its own.
    expect(describeExitFaults(report.exits), 'service processes that ended without the plan causing it').toBe('');
    expect(
      report.exits
        .filter((e) => e.cause === 'planned-kill' && e.signal === 'SIGKILL')
        .map((e) => e.service)
        .sort(),
      figures,
    ).toEqual(['dashboard', 'delivery', 'fhir-mapper', 'ingest']);
  });
});
