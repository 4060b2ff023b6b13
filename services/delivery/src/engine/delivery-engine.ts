import type { Clock, GpMessage } from '@firstsync/contracts';
import { HEADER, type OutgoingRecord, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { breakerEffect } from '../policy/breaker-effect';
import { afterRefusal, type NextAttempt, nextAttempt, type RetryPolicy } from '../policy/retry-schedule';
import { notificationDeadline } from '../policy/working-days';
import { type PracticeDirectory, resolveRoute } from '../routing/practice-directory';
import type { HoldRegistry } from '../state/hold-registry';
import type { MessageIndex } from '../state/message-index';
import { messageFault } from '../transport/message-fault';
import type { Acknowledgement, Route, Transport, TransportKind, TransportOutcome } from '../transport/port';
import { type AttemptRecord, attemptsMade, type DeliveryInput, type DeliveryWork, refusalsInARow } from './delivery-work';
import { createMeshRouter, type MeshRoutingDeps } from './mesh-routing';
import { deadLetterRecord, eventRecord, messageFields, parkedRecord, requeueRecord, retryRecord } from './outputs';
import type { PracticeRegistry } from './practice-registry';

export interface TierTopic {
  readonly id: string;
  readonly topic: string;
  readonly delayMs: number;
}

export interface DeliveryEngineDeps {
  readonly topics: TopicNames;
  readonly tiers: readonly TierTopic[];
  readonly policy: Omit<RetryPolicy, 'tiers'>;
  readonly directory: PracticeDirectory;
  readonly transports: ReadonlyMap<TransportKind, Transport>;
  readonly holds: HoldRegistry;
  readonly practices: PracticeRegistry;
  readonly index: MessageIndex;
  readonly clock: Clock;
  readonly closeOfDay: string;
  readonly defaultConcurrency: number;
  /** Aborted at shutdown: in-flight calls end (and are retried later) instead of holding the process. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly random?: () => number;
  /** Routing intelligence on the MESH route (remembered 20010, endpoint lookup); absent: MESH messages are uploaded as the directory says. */
  readonly meshRouting?: MeshRoutingDeps;
}

export interface DeliveryEngine {
  /** Routes and attempts one message; returns the records that record the outcome (send them, then mark done). */
  deliver(input: DeliveryInput, source: { topic: string; partition: number; offset: string; key: string | null }): Promise<OutgoingRecord[]>;
  /** Records for a final outcome reported later by an asynchronous transport (MESH acks). */
  acknowledged(ack: Acknowledgement): OutgoingRecord[];
}

export function createDeliveryEngine(deps: DeliveryEngineDeps): DeliveryEngine {
  const { topics, clock, logger } = deps;
  const available = new Set(deps.transports.keys());
  const policy: RetryPolicy = { ...deps.policy, tiers: deps.tiers };
  const meshRouter = deps.meshRouting ? createMeshRouter({ topics, clock, closeOfDay: deps.closeOfDay, routing: deps.meshRouting }) : null;

  function park(gpMessage: GpMessage, reason: string, message: string): OutgoingRecord[] {
    const now = clock.now();
    return [
      parkedRecord(topics, { reason, message, parkedAt: now.toISOString(), gpMessage }),
      eventRecord(topics, { type: 'parked', ...messageFields(gpMessage), code: reason, message }, now),
    ];
  }

  function deadLetter(
    work: DeliveryWork,
    attempts: readonly AttemptRecord[],
    disposition: 'dead-lettered' | 'needs-fallback',
    reason: { code: string; message: string },
    deadline: Date,
    firstAttemptAt: string,
  ): OutgoingRecord {
    return deadLetterRecord(
      topics,
      { disposition, reason, deadLetteredAt: clock.now().toISOString(), gpMessage: work.gpMessage, attempts, firstAttemptAt, deadline: deadline.toISOString() },
      work.gpMessage.practiceOds,
      work.gpMessage.consultationId,
    );
  }

  /**
   * After a retryable failure, or a refusal by the open breaker (`retryInMs` set): the next tier,
   * the fallback, or the dead letter. A refusal sent nothing, so it uses up no attempt.
   */
  function afterFailure(work: DeliveryWork, attempt: AttemptRecord, firstAttemptAt: string, route: Route, retryInMs?: number): OutgoingRecord[] {
    const now = clock.now();
    const attempts = [...work.attempts, attempt];
    const deadline = notificationDeadline(new Date(work.gpMessage.builtAt), { closeOfDay: deps.closeOfDay });
    const next: NextAttempt =
      retryInMs === undefined
        ? nextAttempt({ attempt: attempt.attempt, firstAttemptAt: new Date(firstAttemptAt), now, deadline }, policy, deps.random)
        : afterRefusal({ refusals: refusalsInARow(attempts), attempt: attempt.attempt, retryInMs, now, deadline }, policy, deps.random);
    const fields = {
      ...messageFields(work.gpMessage),
      transport: route.transport,
      attempt: attempt.attempt,
      code: attempt.code,
      durationMs: attempt.durationMs,
    };
    if (next.kind === 'retry') {
      const tier = deps.tiers.find((t) => t.id === next.tier.id);
      if (!tier) throw new Error(`retry tier ${next.tier.id} has no topic`);
      return [
        retryRecord(
          tier.topic,
          tier.id,
          { kind: 'delivery-retry', gpMessage: work.gpMessage, attempts, firstAttemptAt, notBefore: next.notBefore.toISOString() },
          attemptsMade(attempts),
          now.getTime(),
        ),
        eventRecord(
          topics,
          {
            type: 'retry-scheduled',
            ...fields,
            message: attempt.message,
            details: {
              tier: tier.id,
              notBefore: next.notBefore.toISOString(),
              nextAttempt: next.attempt,
              circuit: deps.practices.breakerOf(route.practiceOds).status,
            },
          },
          now,
        ),
      ];
    }
    if (next.kind === 'needs-fallback') {
      return [
        deadLetter(work, attempts, 'needs-fallback', { code: attempt.code, message: `${attempt.message} (${next.reason})` }, deadline, firstAttemptAt),
        eventRecord(
          topics,
          {
            type: 'needs-fallback',
            ...fields,
            message: `${next.reason}; last failure: ${attempt.message}`,
            details: { deadline: deadline.toISOString(), attempts: attemptsMade(attempts) },
          },
          now,
        ),
      ];
    }
    return [
      deadLetter(work, attempts, 'dead-lettered', { code: attempt.code, message: attempt.message }, deadline, firstAttemptAt),
      eventRecord(
        topics,
        {
          type: 'dead-lettered',
          ...fields,
          message: `retries exhausted: ${next.reason}; last failure: ${attempt.message}`,
          details: { attempts: attemptsMade(attempts), disposition: 'exhausted' },
        },
        now,
      ),
    ];
  }

  function outcomeRecords(
    work: DeliveryWork,
    route: Route,
    outcome: TransportOutcome,
    attemptNumber: number,
    startedAt: Date,
    firstAttemptAt: string,
  ): OutgoingRecord[] {
    const now = clock.now();
    const attempt: AttemptRecord = {
      attempt: attemptNumber,
      at: startedAt.toISOString(),
      transport: route.transport,
      outcome: outcome.kind,
      code: outcome.code,
      message: outcome.message,
      durationMs: outcome.durationMs,
    };
    const fields = { ...messageFields(work.gpMessage), transport: route.transport, attempt: attemptNumber };
    // The practice's breaker after this attempt: the dashboard shows it as the practice's circuit.
    const circuit = deps.practices.breakerOf(route.practiceOds).status;
    const sent = eventRecord(
      topics,
      {
        type: 'sent',
        ...fields,
        at: startedAt.toISOString(),
        details: { bundleIdentifier: work.gpMessage.identifiers.bundleIdentifier, route: route.source, circuit },
      },
      now,
    );
    const result = { ...fields, code: outcome.code, message: outcome.message, durationMs: outcome.durationMs };
    switch (outcome.kind) {
      case 'delivered':
      case 'duplicate':
        return [
          sent,
          eventRecord(topics, { type: 'delivered', ...result, details: { duplicate: outcome.kind === 'duplicate', attempts: attemptNumber } }, now),
        ];
      case 'accepted':
        // Success is decided by the transport's acknowledgements; `sent` is all there is to say now.
        return [
          eventRecord(
            topics,
            {
              type: 'sent',
              ...fields,
              at: startedAt.toISOString(),
              code: outcome.code,
              message: outcome.message,
              durationMs: outcome.durationMs,
              details: {
                bundleIdentifier: work.gpMessage.identifiers.bundleIdentifier,
                circuit,
                awaitingAcknowledgement: true,
                transportMessageId: outcome.transportMessageId ?? null,
                messageHeaderId: work.gpMessage.identifiers.messageHeaderId,
                senderReference: work.gpMessage.identifiers.senderReference,
              },
            },
            now,
          ),
        ];
      case 'permanent': {
        const deadline = notificationDeadline(new Date(work.gpMessage.builtAt), { closeOfDay: deps.closeOfDay });
        return [
          sent,
          deadLetter(work, [...work.attempts, attempt], 'dead-lettered', { code: outcome.code, message: outcome.message }, deadline, firstAttemptAt),
          eventRecord(topics, { type: 'dead-lettered', ...result, details: { attempts: attemptNumber, disposition: 'rejected' } }, now),
        ];
      }
      case 'retryable':
        return [sent, ...afterFailure(work, attempt, firstAttemptAt, route)];
      case 'message-fault': {
        // Nothing left for the far side, so no `sent`: the same request would fail the same way,
        // so it is dead-lettered now with its reason instead of riding the retry tiers for hours.
        const deadline = notificationDeadline(new Date(work.gpMessage.builtAt), { closeOfDay: deps.closeOfDay });
        return [
          deadLetter(work, [...work.attempts, attempt], 'dead-lettered', { code: outcome.code, message: outcome.message }, deadline, firstAttemptAt),
          eventRecord(topics, { type: 'dead-lettered', ...result, details: { attempts: attemptNumber, disposition: 'message-fault', circuit } }, now),
        ];
      }
    }
  }

  /** The transport's outcome; a throw (a bug in our code, never an answer of the far side) is a message fault. */
  async function send(transport: Transport, work: DeliveryWork, route: Route): Promise<TransportOutcome> {
    const started = performance.now();
    try {
      return await transport.send(work.gpMessage, route, { signal: deps.signal });
    } catch (error) {
      const outcome = messageFault(error, 'internal', Math.round(performance.now() - started));
      // Ids and the PII-free reason only: the error's own text may quote what it refused.
      logger.error(
        {
          consultationId: work.gpMessage.consultationId,
          practiceOds: route.practiceOds,
          transport: route.transport,
          code: outcome.code,
          reason: outcome.message,
        },
        'transport threw; message dead-lettered',
      );
      return outcome;
    }
  }

  async function attempt(work: DeliveryWork, route: Route): Promise<OutgoingRecord[]> {
    const transport = deps.transports.get(route.transport);
    if (!transport) return park(work.gpMessage, 'transport-unavailable', `no ${route.transport} transport`);
    const practice = route.practiceOds;
    return deps.practices.withSlot(practice, route.concurrency, async () => {
      const startedAt = clock.now();
      const attemptNumber = attemptsMade(work.attempts) + 1;
      const firstAttemptAt = work.firstAttemptAt ?? startedAt.toISOString();
      const permission = deps.practices.permission(practice, startedAt.getTime());
      if (!permission.allowed) {
        const skipped: AttemptRecord = {
          attempt: attemptNumber,
          at: startedAt.toISOString(),
          transport: route.transport,
          outcome: 'circuit-open',
          code: 'circuit-open',
          message: `circuit open for the practice; next probe in ${Math.ceil(permission.retryInMs / 1000)} s`,
          durationMs: 0,
        };
        return afterFailure(work, skipped, firstAttemptAt, route, permission.retryInMs);
      }
      const outcome = await send(transport, work, route);
      const effect = breakerEffect(outcome.kind);
      if (effect === 'failure') {
        const breaker = deps.practices.failed(practice, clock.now().getTime());
        if (breaker.status === 'open') logger.warn({ practiceOds: practice, code: outcome.code }, 'circuit open for practice');
      } else if (effect === 'success') {
        deps.practices.succeeded(practice, clock.now().getTime());
      } else {
        deps.practices.untouched(practice, clock.now().getTime());
      }
      // One ids-only line per attempt, so an on-call engineer can follow a consultation by id from
      // ingest's "consultation accepted" to here without the pipeline events (about 5 µs a line).
      logger.info(
        {
          consultationId: work.gpMessage.consultationId,
          correlationId: work.gpMessage.correlationId,
          practiceOds: practice,
          attempt: attemptNumber,
          outcome: outcome.kind,
          code: outcome.code,
          durationMs: outcome.durationMs,
        },
        'delivery attempt',
      );
      return outcomeRecords(work, route, outcome, attemptNumber, startedAt, firstAttemptAt);
    });
  }

  return {
    async deliver(input, source) {
      if (input.kind === 'unreadable') {
        const now = clock.now();
        logger.error(
          { topic: source.topic, partition: source.partition, offset: source.offset, consultationId: input.consultationId },
          'unreadable delivery record; dead-lettered',
        );
        return [
          deadLetterRecord(
            topics,
            {
              disposition: 'unreadable',
              reason: { code: 'unreadable', message: input.reason },
              deadLetteredAt: now.toISOString(),
              gpMessage: null,
              attempts: [],
              firstAttemptAt: null,
              deadline: null,
              source: { topic: source.topic, partition: source.partition, offset: source.offset },
              raw: null,
            },
            source.key,
            input.consultationId,
          ),
          ...(input.consultationId
            ? [eventRecord(topics, { type: 'dead-lettered', consultationId: input.consultationId, code: 'unreadable', message: input.reason }, now)]
            : []),
        ];
      }
      const { work, releasedByOffset } = input;
      const decision = resolveRoute({
        directory: deps.directory,
        practiceOds: work.gpMessage.practiceOds,
        held: deps.holds.isHeld(work.gpMessage.practiceOds, releasedByOffset),
        available,
        defaultConcurrency: deps.defaultConcurrency,
      });
      if (decision.kind === 'park') return park(work.gpMessage, decision.reason, decision.message);
      if (decision.route.transport === 'mesh' && meshRouter) {
        const routed = await meshRouter.before(work);
        if (routed.kind === 'fallback') return routed.records;
        return [...routed.records, ...(await attempt(work, decision.route))];
      }
      return attempt(work, decision.route);
    },

    acknowledged(ack) {
      const now = clock.now();
      const fields = {
        consultationId: ack.consultationId,
        version: ack.version,
        practiceOds: ack.practiceOds,
        transport: ack.transport,
        code: ack.code,
        message: ack.message,
      };
      if (ack.outcome === 'delivered') return [eventRecord(topics, { type: 'delivered', ...fields, details: { acknowledged: true } }, now)];
      const known = deps.index.latest(ack.consultationId)?.gpMessage;
      const type = ack.outcome === 'needs-fallback' ? 'needs-fallback' : ack.outcome === 'permanent' ? 'dead-lettered' : 'retry-scheduled';
      // A 20010 is remembered for the practice; 30003 and the MESH routing reports suggest a follow-up.
      const learned = meshRouter?.learned(ack) ?? { records: [], details: {} };
      const records = [eventRecord(topics, { type, ...fields, details: { acknowledged: true, ...learned.details } }, now), ...learned.records];
      if (!known || known.version !== ack.version) return records;
      if (ack.outcome === 'retryable') return [...records, requeueRecord(topics, known, { [HEADER.requeuedBy]: 'acknowledgement' })];
      const deadline = notificationDeadline(new Date(known.builtAt), { closeOfDay: deps.closeOfDay });
      const attemptRecord: AttemptRecord = {
        attempt: 1,
        at: ack.receivedAt.toISOString(),
        transport: ack.transport,
        outcome: ack.outcome === 'needs-fallback' ? 'permanent' : ack.outcome,
        code: ack.code,
        message: ack.message,
        durationMs: 0,
      };
      return [
        ...records,
        deadLetter(
          { gpMessage: known, attempts: [], firstAttemptAt: null },
          [attemptRecord],
          ack.outcome === 'needs-fallback' ? 'needs-fallback' : 'dead-lettered',
          { code: ack.code, message: ack.message },
          deadline,
          ack.receivedAt.toISOString(),
        ),
      ];
    },
  };
}
