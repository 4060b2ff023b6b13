import { describeExitFaults } from '@firstsync/system-harness';
import { testBrokers } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { formatReport, runChaos } from '../src/scenario';

// The short form of the chaos suite (the full one is `node --import tsx infra/chaos/src/run.ts`):
// 300 consultations from two pharmacies through the real services while each of them is SIGKILLed
// once, the GP side answers 503s, hangs and rejects a poisoned subset, and the pharmacies' webhook
// receivers fail (a) and hang (b). Every accepted consultation must end up delivered exactly once
// at the GP side (after its deduplication) or dead-lettered with a reason; every pharmacy event must
// reach its own pharmacy's receiver, correctly signed, in order per consultation; and no service may
// end in a way the plan did not cause (a crash, or an unclean final stop).
describe('chaos (short form)', () => {
  it('loses nothing and delivers nothing twice under SIGKILLs and GP-side faults', { timeout: 420_000 }, async () => {
    const report = await runChaos({
      brokers: testBrokers(),
      count: Number(process.env.CHAOS_COUNT ?? 300),
      durationMs: 30_000,
      kill: ['ingest', 'fhir-mapper', 'delivery', 'dashboard', 'pharmacy-notify'],
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
    ).toHaveLength(5);
    expect(a.deliveredOnce + a.deadLettered, figures).toBe(report.submit.accepted);
    // Each planned SIGKILL ended its process by SIGKILL; nothing else ended on its own.
    expect(describeExitFaults(report.exits), 'service processes that ended without the plan causing it').toBe('');
    expect(
      report.exits
        .filter((e) => e.cause === 'planned-kill' && e.signal === 'SIGKILL')
        .map((e) => e.service)
        .sort(),
      figures,
    ).toEqual(['dashboard', 'delivery', 'fhir-mapper', 'ingest', 'pharmacy-notify']);
    // Webhooks: nothing lost, nothing to the wrong pharmacy, every signature verified by the
    // official library, per consultation in feed order; and the feed itself complete.
    const w = report.webhooks;
    expect(w.expected, figures).toBeGreaterThan(report.submit.accepted);
    expect(
      w.pharmacies.every((p) => p.expected > 0 && !p.receiverTruncated),
      figures,
    ).toBe(true);
    expect(w.lost, figures).toBe(0);
    expect(w.wrongPharmacy, figures).toBe(0);
    expect(w.invalidSignatures, figures).toBe(0);
    expect(w.orderViolations, figures).toBe(0);
    expect(w.acceptedNotInFeed, figures).toBe(0);
    expect(w.withoutOutcome, figures).toBe(0);
    expect(report.webhookSettleMs, figures).not.toBeNull();
    // The receivers really did misbehave: a's failed deliveries, b's hung requests.
    expect(
      report.events.filter((e) => e.what.includes('webhook receiver')),
      figures,
    ).toHaveLength(2);
    const [forA, forB] = w.pharmacies;
    expect(forA?.failedOnPurpose, figures).toBeGreaterThan(0);
    // b's 8 s hang catches requests only when b's few events (a tenth of the traffic) fall inside it:
    // in 4 of 5 runs it did (6 hung); that it happened is reported, the run is judged on what was lost.
    if ((forB?.hung ?? 0) === 0) process.stderr.write('[chaos-short] pharmacy b sent nothing during its receiver hang this run\n');
  });
});
