import { randomUUID } from 'node:crypto';
import { readTopic, type TopicReader } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetterValue } from '../src/engine/delivery-work';
import { type Harness, startHarness } from './support/harness';
import { command, gpMessage } from './support/messages';

describe('delivery: permanent rejections, dead letter and operator resends', () => {
  let h: Harness;
  let deadLetters: TopicReader<DeadLetterValue>;

  beforeAll(async () => {
    h = await startHarness('dlv-dlq');
    deadLetters = await readTopic<DeadLetterValue>(h.topics.deliveryDeadLetter);
    await h.startDelivery();
  });
  afterAll(async () => {
    await deadLetters?.close();
    await h?.close();
  });

  it('dead-letters a rejected message with the receiver OperationOutcome text and the whole reason history', async () => {
    const diagnostics = 'Recipient practice cannot file messages for this patient';
    h.faults('C30003', { outage: { requests: 2, status: 503 }, reject: { status: 422, diagnostics } });
    const message = gpMessage('C30003');
    await h.publish(message);

    await h.waitForEvent(message.consultationId, 'dead-lettered');
    const [letter] = await deadLetters.waitFor((all) => all.some((d) => d.gpMessage?.consultationId === message.consultationId));
    const mine = deadLetters.values.filter((d) => d.gpMessage?.consultationId === message.consultationId);
    expect(mine).toHaveLength(1);
    expect(letter).toBeDefined();
    expect(mine[0]).toMatchObject({ disposition: 'dead-lettered', reason: { code: '422', message: expect.stringContaining(diagnostics) }, gpMessage: message });
    expect(defined(mine[0], 'the dead letter').attempts.map((a) => [a.attempt, a.outcome, a.code])).toEqual([
      [1, 'retryable', '503'],
      [2, 'retryable', '503'],
      [3, 'permanent', '422'],
    ]);
    const event = h.eventsOf(message.consultationId).find((e) => e.type === 'dead-lettered');
    expect(event).toMatchObject({
      transport: 'fhir-rest',
      code: '422',
      attempt: 3,
      message: expect.stringContaining(diagnostics),
      details: { disposition: 'rejected', attempts: 3 },
    });
    expect(h.simulator.state.received.list({ practiceOds: 'C30003' })).toEqual([]);
  });

  it('resends on command with the same identifiers; the receiver counts a resent delivered message as a duplicate', async () => {
    h.faults('C30004', { reject: { status: 400, diagnostics: 'Endpoint not configured for this practice' } });
    const rejected = gpMessage('C30004');
    const delivered = gpMessage('C30005');
    await h.publish(rejected, delivered);
    await h.waitForEvent(rejected.consultationId, 'dead-lettered');
    await h.waitForEvent(delivered.consultationId, 'delivered');

    // The operator fixes the cause, then resends one message, then a set with both.
    h.simulator.state.faults.clear('C30004');
    await h.command(command.resend(rejected.consultationId));
    await h.waitForEvent(rejected.consultationId, 'delivered');
    await h.command(command.resendSet([rejected.consultationId, delivered.consultationId]));
    await h.waitForEvent(delivered.consultationId, 'delivered', 2);
    await h.waitForEvent(rejected.consultationId, 'delivered', 2);

    const first = h.simulator.state.received.find('C30004', rejected.identifiers.bundleIdentifier);
    const second = h.simulator.state.received.find('C30005', delivered.identifiers.bundleIdentifier);
    // Same identifiers each time: one message at the GP side, every resend counted as a receipt
    // (at least: a call that timed out after the endpoint accepted it would add one more).
    expect(first).toMatchObject({ consultationId: rejected.consultationId, messageHeaderId: rejected.identifiers.messageHeaderId });
    expect(first?.receipts).toBeGreaterThanOrEqual(2);
    expect(second).toMatchObject({ consultationId: delivered.consultationId });
    expect(second?.receipts).toBeGreaterThanOrEqual(2);
    expect(h.simulator.state.received.list({ consultationId: delivered.consultationId })).toHaveLength(1);

    const resends = h.eventsOf(rejected.consultationId).filter((e) => e.type === 'resend-requested');
    expect(resends).toHaveLength(2);
    expect(resends[0]).toMatchObject({
      actor: 'ops.tester@example.nhs.uk',
      reason: 'integration test',
      details: { previousState: 'dead-lettered', commandType: 'resend' },
    });
    const deliveries = h.eventsOf(delivered.consultationId).filter((e) => e.type === 'delivered');
    expect(deliveries.map((e) => e.details?.duplicate)).toEqual([false, true]);
  });

  it('rejects a resend of a consultation delivery has never seen, saying so', async () => {
    const unknown = randomUUID();
    await h.command(command.resend(unknown));
    await h.waitForEvent(unknown, 'command-rejected');
    expect(h.eventsOf(unknown)).toMatchObject([{ type: 'command-rejected', code: 'unknown-consultation', actor: 'ops.tester@example.nhs.uk' }]);
  });
});
