import type { GpMessage, PipelineEvent } from '@firstsync/contracts';
import { HEADER, type OutgoingRecord, resolveTopicNames, retryTierKey } from '@firstsync/kafka';
import { quietLogger } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { createDeliveryEngine, type DeliveryEngine } from '../src/engine/delivery-engine';
import type { DeadLetterValue, DeliveryWork, RetryEnvelope } from '../src/engine/delivery-work';
import { PracticeRegistry } from '../src/engine/practice-registry';
import { InMemoryHoldRegistry } from '../src/state/hold-registry';
import { InMemoryMessageIndex } from '../src/state/message-index';
import type { Transport, TransportOutcome } from '../src/transport/port';
import { gpMessage } from './support/messages';

const topics = resolveTopicNames('u.');
const tiers = [
  { id: '30s', topic: topics[retryTierKey('30s')], delayMs: 30_000 },
  { id: '2m', topic: topics[retryTierKey('2m')], delayMs: 120_000 },
];

/** A scripted outcome, or an error the transport throws instead of answering. */
type Scripted = TransportOutcome | { readonly throws: Error };

function engineWith(outcomes: Scripted[], now: Date, holds = new InMemoryHoldRegistry()): { engine: DeliveryEngine; calls: GpMessage[] } {
  const calls: GpMessage[] = [];
  const transport: Transport = {
    kind: 'fhir-rest',
    async send(message) {
      calls.push(message);
      const next = outcomes.shift();
      if (!next) throw new Error('no more outcomes scripted');
      if ('throws' in next) throw next.throws;
      return next;
    },
  };
  const engine = createDeliveryEngine({
    topics,
    tiers,
    policy: { maxAttempts: 5, jitterRatio: 0, fallbackMarginMs: 2 * 3_600_000 },
    directory: { default: { transport: 'fhir-rest', enabled: true, fhirBaseUrl: 'http://gp.example/fhir' }, practices: {} },
    transports: new Map([['fhir-rest', transport]]),
    holds,
    practices: new PracticeRegistry({ failureThreshold: 2, coolDownMs: 60_000 }),
    index: new InMemoryMessageIndex(),
    clock: { now: () => now },
    closeOfDay: '18:30',
    defaultConcurrency: 2,
    signal: new AbortController().signal,
    logger: quietLogger,
  });
  return { engine, calls };
}

const source = { topic: topics.gpMessages, partition: 0, offset: '0', key: null };
const work = (gpMessageValue: GpMessage, attempts: DeliveryWork['attempts'] = []) => ({
  kind: 'work' as const,
  work: { gpMessage: gpMessageValue, attempts, firstAttemptAt: attempts[0]?.at ?? null },
  releasedByOffset: null,
});
const events = (records: OutgoingRecord[]) => records.filter((r) => r.topic === topics.pipelineEvents).map((r) => JSON.parse(String(r.value)) as PipelineEvent);
const on = (records: OutgoingRecord[], topic: string) => records.filter((r) => r.topic === topic);
const retryable = (code = '503'): TransportOutcome => ({ kind: 'retryable', code, message: `HTTP ${code}`, durationMs: 7 });

describe('delivery engine', () => {
  const monday = new Date('2026-03-09T10:00:00Z');

  it('records sent and delivered with transport, code, attempt and duration', async () => {
    const { engine } = engineWith([{ kind: 'delivered', code: '200', message: 'accepted', durationMs: 12 }], monday);
    const records = await engine.deliver(work(gpMessage('A11111')), source);
    expect(events(records)).toMatchObject([
      { type: 'sent', source: 'delivery', transport: 'fhir-rest', attempt: 1, practiceOds: 'A11111' },
      { type: 'delivered', transport: 'fhir-rest', attempt: 1, code: '200', durationMs: 12, details: { duplicate: false } },
    ]);
  });

  it('puts a retryable failure on the first tier with attempt, first-attempt and not-before headers', async () => {
    const message = { ...gpMessage('A11111'), builtAt: monday.toISOString() };
    const { engine } = engineWith([retryable()], monday);
    const records = await engine.deliver(work(message), source);
    const [retry] = on(records, topics[retryTierKey('30s')]);
    expect(retry?.key).toBe('A11111');
    expect(retry?.headers).toMatchObject({
      [HEADER.attempt]: '1',
      [HEADER.notBefore]: '2026-03-09T10:00:30.000Z',
      [HEADER.firstAttemptAt]: monday.toISOString(),
    });
    const envelope = JSON.parse(String(retry?.value)) as RetryEnvelope;
    expect(envelope).toMatchObject({ kind: 'delivery-retry', gpMessage: message, attempts: [{ attempt: 1, outcome: 'retryable', code: '503' }] });
    expect(events(records).map((e) => e.type)).toEqual(['sent', 'retry-scheduled']);
  });

  it('marks for fallback instead of retrying when the working-day deadline is near', async () => {
    // Built on Friday, still failing on Monday 16:50 London: the deadline is Monday 18:30.
    const message = { ...gpMessage('A11111'), builtAt: '2026-03-13T15:00:00Z' };
    const { engine } = engineWith([retryable()], new Date('2026-03-16T16:50:00Z'));
    const records = await engine.deliver(work(message), source);
    const [letter] = on(records, topics.deliveryDeadLetter);
    expect(JSON.parse(String(letter?.value))).toMatchObject({
      disposition: 'needs-fallback',
      deadline: '2026-03-16T18:30:00.000Z',
    } satisfies Partial<DeadLetterValue>);
    expect(events(records).map((e) => e.type)).toEqual(['sent', 'needs-fallback']);
    expect(on(records, topics[retryTierKey('30s')])).toEqual([]);
  });

  it('opens the practice circuit after repeated failures: the next message goes to a tier unsent', async () => {
    const { engine, calls } = engineWith([retryable(), retryable('ECONNREFUSED'), { kind: 'delivered', code: '200', message: 'ok', durationMs: 1 }], monday);
    await engine.deliver(work(gpMessage('A11111')), source);
    await engine.deliver(work(gpMessage('A11111')), source);
    const records = await engine.deliver(work(gpMessage('A11111')), source);
    expect(calls).toHaveLength(2);
    expect(events(records)).toMatchObject([{ type: 'retry-scheduled', code: 'circuit-open', attempt: 1 }]);
    // Another practice on the same instance is not affected.
    expect(events(await engine.deliver(work(gpMessage('B22222')), source)).map((e) => e.type)).toEqual(['sent', 'delivered']);
    expect(calls.map((m) => m.practiceOds)).toEqual(['A11111', 'A11111', 'B22222']);
  });

  it("reports the practice's circuit on every attempt's events, as the dashboard shows it", async () => {
    const { engine } = engineWith([retryable(), retryable(), { kind: 'delivered', code: '200', message: 'accepted', durationMs: 5 }], monday);
    const circuits = async () => events(await engine.deliver(work(gpMessage('A11111')), source)).map((e) => [e.type, e.details?.circuit]);
    expect(await circuits()).toEqual([
      ['sent', 'closed'],
      ['retry-scheduled', 'closed'],
    ]);
    // The second failure reaches the threshold (2) and opens it; the next message is refused unsent.
    expect(await circuits()).toEqual([
      ['sent', 'open'],
      ['retry-scheduled', 'open'],
    ]);
    expect(await circuits()).toEqual([['retry-scheduled', 'open']]);
  });

  it('does not count a breaker refusal as an attempt: the next real call keeps its number', async () => {
    const { engine, calls } = engineWith([retryable(), retryable()], monday);
    await engine.deliver(work(gpMessage('A11111')), source);
    await engine.deliver(work(gpMessage('A11111')), source);
    const failedOnce = [
      { attempt: 1, at: monday.toISOString(), transport: 'fhir-rest' as const, outcome: 'retryable' as const, code: '503', message: 'HTTP 503', durationMs: 7 },
    ];
    const refused = await engine.deliver(work(gpMessage('A11111'), failedOnce), source);
    expect(calls).toHaveLength(2);
    expect(events(refused)).toMatchObject([{ type: 'retry-scheduled', code: 'circuit-open', attempt: 2, details: { tier: '30s', nextAttempt: 2 } }]);
    const [retry] = on(refused, topics[retryTierKey('30s')]);
    const envelope = JSON.parse(String(retry?.value)) as RetryEnvelope;
    // Kept in the history for the dead letter, but not an attempt: the record says 1 attempt made.
    expect(envelope.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'retryable'],
      [2, 'circuit-open'],
    ]);
    expect(retry?.headers).toMatchObject({ [HEADER.attempt]: '1', 'x-held-since': String(monday.getTime()) });
    // Refused again: waits on the next tier (fewer looks at a long outage), still attempt 2.
    const again = await engine.deliver(work(envelope.gpMessage, envelope.attempts), source);
    expect(events(again)).toMatchObject([{ type: 'retry-scheduled', code: 'circuit-open', attempt: 2, details: { tier: '2m' } }]);
  });

  it('dead-letters once the maximum number of attempts is reached, with every attempt', async () => {
    const earlier = [1, 2, 3, 4].map((attempt) => ({
      attempt,
      at: monday.toISOString(),
      transport: 'fhir-rest' as const,
      outcome: 'retryable' as const,
      code: '503',
      message: 'HTTP 503',
      durationMs: 5,
    }));
    const { engine } = engineWith([retryable('timeout')], monday);
    const records = await engine.deliver(work({ ...gpMessage('A11111'), builtAt: monday.toISOString() }, earlier), source);
    const letter = JSON.parse(String(on(records, topics.deliveryDeadLetter)[0]?.value)) as DeadLetterValue;
    expect(letter.attempts.map((a) => a.code)).toEqual(['503', '503', '503', '503', 'timeout']);
    expect(events(records).at(-1)).toMatchObject({ type: 'dead-lettered', attempt: 5, code: 'timeout', details: { disposition: 'exhausted' } });
  });

  it('parks messages of a held practice without calling it', async () => {
    const holds = new InMemoryHoldRegistry();
    holds.apply('A11111', true, 3);
    const { engine, calls } = engineWith([], monday, holds);
    const records = await engine.deliver(work(gpMessage('A11111')), source);
    expect(calls).toEqual([]);
    expect(on(records, topics.deliveryParked)).toHaveLength(1);
    expect(events(records)).toMatchObject([{ type: 'parked', code: 'held' }]);
  });

  describe('a message fault (nothing left for the far side) is the message’s, not the practice’s', () => {
    const fault = (code = 'unencodable-header'): TransportOutcome => ({
      kind: 'message-fault',
      code,
      message: 'the mex-subject header value cannot be carried by HTTP (TypeError ERR_INVALID_CHAR); nothing was sent',
      durationMs: 1,
    });
    const delivered: TransportOutcome = { kind: 'delivered', code: '200', message: 'accepted', durationMs: 3 };

    it('dead-letters it at once with its reason: no `sent`, no retry tier', async () => {
      const message = { ...gpMessage('A11111'), builtAt: monday.toISOString() };
      const { engine } = engineWith([fault()], monday);
      const records = await engine.deliver(work(message), source);
      expect(events(records)).toMatchObject([
        { type: 'dead-lettered', attempt: 1, code: 'unencodable-header', details: { disposition: 'message-fault', attempts: 1, circuit: 'closed' } },
      ]);
      expect(tiers.flatMap((tier) => on(records, tier.topic))).toEqual([]);
      const letter = JSON.parse(String(on(records, topics.deliveryDeadLetter)[0]?.value)) as DeadLetterValue;
      expect(letter).toMatchObject({ disposition: 'dead-lettered', reason: { code: 'unencodable-header', message: expect.stringContaining('mex-subject') } });
      expect(letter.attempts.map((a) => [a.attempt, a.outcome, a.code])).toEqual([[1, 'message-fault', 'unencodable-header']]);
    });

    it('never opens the practice’s breaker: the clean message after five faults is sent at once', async () => {
      // Threshold 2 in this rig: five faults would have opened it twice over.
      const { engine, calls } = engineWith([fault(), fault(), fault(), fault(), fault(), delivered], monday);
      for (let i = 0; i < 5; i += 1) await engine.deliver(work(gpMessage('A11111')), source);
      const clean = await engine.deliver(work(gpMessage('A11111')), source);
      expect(calls).toHaveLength(6);
      expect(events(clean)).toMatchObject([{ type: 'sent', details: { circuit: 'closed' } }, { type: 'delivered' }]);
    });

    it('neither counts nor clears the far side’s failures: it says nothing about the practice', async () => {
      const { engine, calls } = engineWith([retryable(), fault(), retryable()], monday);
      for (let i = 0; i < 3; i += 1) await engine.deliver(work(gpMessage('A11111')), source);
      // Two real failures in a row around the fault reach the threshold (2): the next is refused unsent.
      const refused = await engine.deliver(work(gpMessage('A11111')), source);
      expect(calls).toHaveLength(3);
      expect(events(refused)).toMatchObject([{ type: 'retry-scheduled', code: 'circuit-open' }]);
    });

    it('frees a half-open probe it used up, so the next message probes at once', async () => {
      const clock = new Date(monday);
      const { engine, calls } = engineWith([retryable(), retryable(), fault(), delivered], clock);
      await engine.deliver(work(gpMessage('A11111')), source);
      await engine.deliver(work(gpMessage('A11111')), source);
      clock.setTime(monday.getTime() + 60_000); // the cool-down (60 s) has passed: one probe may go
      expect(events(await engine.deliver(work(gpMessage('A11111')), source))).toMatchObject([{ type: 'dead-lettered', code: 'unencodable-header' }]);
      const next = await engine.deliver(work(gpMessage('A11111')), source);
      expect(calls).toHaveLength(4);
      expect(events(next)).toMatchObject([{ type: 'sent' }, { type: 'delivered' }]);
    });

    it('treats a transport that throws (a bug on our side) as one, instead of failing the partition', async () => {
      const thrown = Object.assign(new TypeError('Invalid character in header content ["mex-subject"]'), { code: 'ERR_INVALID_CHAR' });
      const { engine, calls } = engineWith([{ throws: thrown }, { throws: new Error('O’Sullivan 9434765919 broke it') }, delivered], monday);
      const first = await engine.deliver(work(gpMessage('A11111')), source);
      expect(events(first)).toMatchObject([{ type: 'dead-lettered', code: 'unencodable-header', details: { disposition: 'message-fault' } }]);
      const second = await engine.deliver(work(gpMessage('A11111')), source);
      expect(events(second)).toMatchObject([{ type: 'dead-lettered', code: 'internal-error', details: { disposition: 'message-fault' } }]);
      // The error's own text (which may quote patient data) is never repeated.
      expect(JSON.stringify(second)).not.toMatch(/Sullivan|9434765919/);
      expect(events(await engine.deliver(work(gpMessage('A11111')), source)).map((e) => e.type)).toEqual(['sent', 'delivered']);
      expect(calls).toHaveLength(3);
    });
  });

  it('dead-letters unreadable input instead of blocking the partition', async () => {
    const { engine } = engineWith([], monday);
    const records = await engine.deliver({ kind: 'unreadable', reason: 'record value is not JSON', consultationId: null }, { ...source, offset: '42' });
    expect(JSON.parse(String(on(records, topics.deliveryDeadLetter)[0]?.value))).toMatchObject({ disposition: 'unreadable', source: { offset: '42' } });
  });
});
