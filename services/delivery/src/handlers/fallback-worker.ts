import { type Clock, type GpMessage, gpMessageSchema, systemClock } from '@firstsync/contracts';
import {
  type ConsumerOptions,
  createRecordConsumer,
  decodeJson,
  type IncomingRecord,
  type KafkaClient,
  type OutgoingRecord,
  type RecordConsumer,
  type RecordProducer,
  type TopicNames,
} from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { z } from 'zod';
import { eventRecord, messageFields } from '../engine/outputs';
import type { PracticeDirectory } from '../routing/practice-directory';
import { messageFault } from '../transport/message-fault';
import type { Route, Transport, TransportOutcome } from '../transport/port';
import { fallbackFor, fallbackResult } from './fallback-decision';

export interface FallbackWorkerDeps {
  readonly kafka: KafkaClient;
  readonly logger: Logger;
  readonly topics: TopicNames;
  readonly directory: PracticeDirectory;
  /** The NHSmail transport. */
  readonly transport: Transport;
  readonly producer: RecordProducer;
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /** Wait between attempts while the relay is unreachable. */
  readonly retryDelayMs: number;
  readonly clock?: Clock;
  /** Called for each failed send (metrics: fallback mail failing). */
  readonly onSendFailed?: () => void;
  /** How its consumer is made (the service passes one whose lag is observed); createRecordConsumer by default. */
  readonly createConsumer?: (options: ConsumerOptions) => RecordConsumer;
}

export interface FallbackWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const needsFallbackSchema = z.object({
  disposition: z.literal('needs-fallback'),
  gpMessage: gpMessageSchema,
  reason: z.object({ code: z.string() }).optional(),
});

function read(record: IncomingRecord): z.infer<typeof needsFallbackSchema> | null {
  const decoded = decodeJson(record, needsFallbackSchema);
  return decoded.ok ? decoded.value : null;
}

/**
 * Carries out the NHSmail fallback: reads `needs-fallback` dead letters and mails the readable
 * summary to the practice; records `fallback-sent`, or a `parked` event (the dead letter stays for an
 * operator) when the practice has no NHSmail address or the relay refuses it for good. While the relay is unreachable
 * it keeps trying (same record, not marked done), so nothing is lost across restarts.
 */
export function createFallbackWorker(deps: FallbackWorkerDeps): FallbackWorker {
  const clock = deps.clock ?? systemClock;
  const { topics, logger } = deps;
  let consumer: RecordConsumer | undefined;
  let stopping = false;

  /** A throw (a bug on our side) is a message fault: parked for an operator, never a stuck partition. */
  async function sendOnce(gpMessage: GpMessage, route: Route): Promise<TransportOutcome> {
    try {
      return await deps.transport.send(gpMessage, route);
    } catch (error) {
      return messageFault(error, 'internal', 0);
    }
  }

  async function handle(record: IncomingRecord, shouldContinue: () => boolean, heartbeat: () => Promise<void>): Promise<boolean> {
    const value = read(record);
    if (!value) return true;
    const { gpMessage } = value;
    // Why the structured route gave up (e.g. ITK3 20010, switched off): carried on fallback-sent so
    // a reader (the pharmacy's webhook) can say why without the events before it.
    const cause = value.reason?.code;
    const decision = fallbackFor(gpMessage, deps.directory);
    // Only an event: the message already waits on delivery.dead-letter (needs-fallback) for an
    // operator. A record on delivery.parked would be re-routed over the structured route at the
    // next start-up (engine/reroute.ts) and earn the same refusal again.
    const park = async (reason: string, message: string) => {
      await deps.producer.send([
        eventRecord(
          topics,
          {
            type: 'parked',
            ...messageFields(gpMessage),
            transport: 'nhsmail',
            code: reason,
            message,
            details: { awaiting: 'operator', on: 'delivery.dead-letter' },
          },
          clock.now(),
        ),
      ]);
    };
    if (decision.kind === 'park') {
      await park(decision.reason, decision.message);
      return true;
    }
    for (let attempt = 1; ; attempt += 1) {
      const result = fallbackResult(await sendOnce(gpMessage, decision.route));
      if (result.kind === 'sent') {
        const records: OutgoingRecord[] = [
          eventRecord(
            topics,
            {
              type: 'fallback-sent',
              ...messageFields(gpMessage),
              transport: 'nhsmail',
              attempt,
              code: result.code,
              message: result.message,
              durationMs: result.durationMs,
              ...(cause === undefined ? {} : { details: { cause } }),
            },
            clock.now(),
          ),
        ];
        await deps.producer.send(records);
        logger.info({ consultationId: gpMessage.consultationId, practiceOds: gpMessage.practiceOds, attempt }, 'NHSmail fallback sent');
        return true;
      }
      if (result.kind === 'park') {
        await park(result.reason, result.message);
        return true;
      }
      deps.onSendFailed?.();
      logger.warn(
        { consultationId: gpMessage.consultationId, practiceOds: gpMessage.practiceOds, code: result.code, attempt },
        'NHSmail fallback failed; trying again',
      );
      if (stopping || !shouldContinue()) return false;
      await new Promise((resolve) => setTimeout(resolve, deps.retryDelayMs));
      await heartbeat();
      if (stopping || !shouldContinue()) return false;
    }
  }

  return {
    async start() {
      stopping = false;
      const create = deps.createConsumer ?? ((options: ConsumerOptions) => createRecordConsumer(deps.kafka, logger, options));
      consumer = create({
        groupId: deps.groupId,
        topics: [topics.deliveryDeadLetter],
        fromBeginning: true,
        partitionsConsumedConcurrently: 1,
        sessionTimeoutMs: deps.sessionTimeoutMs,
        heartbeatIntervalMs: deps.heartbeatIntervalMs,
      });
      await consumer.start(async (records, context) => {
        for (const record of records) {
          if (!(await handle(record, context.shouldContinue, context.heartbeat))) return;
          context.markDone(record);
        }
      });
    },
    async stop() {
      stopping = true;
      await consumer?.stop();
    },
  };
}
