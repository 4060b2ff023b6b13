import { randomUUID } from 'node:crypto';
import { type GpMessage, gpMessageSchema, opsCommandSchema } from '@firstsync/contracts';
import { createRecordConsumer, type IncomingRecord, type KafkaClient, type RecordConsumer, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { z } from 'zod';
import type { HoldRegistry } from './hold-registry';
import type { IndexedState, MessageIndex } from './message-index';
import { endOffsets } from './topic-offsets';

export interface StateTailer {
  start(): Promise<void>;
  /** Resolves once everything written before the call has been applied (read-your-writes for commands). */
  catchUp(timeoutMs: number): Promise<void>;
  readonly caughtUpOnce: boolean;
  stop(): Promise<void>;
}

export interface StateTailerDeps {
  kafka: KafkaClient;
  logger: Logger;
  topics: TopicNames;
  index: MessageIndex;
  holds: HoldRegistry;
  groupIdPrefix: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

const storedSchema = z.object({ gpMessage: gpMessageSchema.nullable().optional(), disposition: z.string().optional(), reason: z.unknown().optional() });

const headSchema = gpMessageSchema.omit({ bundle: true });
const BUNDLE_KEY = Buffer.from(',"bundle":');

/**
 * The ids of a gp-messages record without parsing its bundle: the main path parses every record
 * already, and the index only needs the ids (the body is kept as bytes and validated again when it
 * is used). Every producer of gp-messages writes the bundle last (it is the last field of the
 * schema, whose output order JSON.stringify keeps); the first `,"bundle":` is the top-level key,
 * since a quote inside a JSON string is always escaped. Anything else is parsed whole. (Not
 * checked here: stray fields after the bundle. Such a record is dead-lettered as unreadable by the
 * main path, and its body fails validation when a command asks for it.)
 */
export function gpMessageHead(value: Buffer | null): ReturnType<typeof metaOf> | null {
  if (!value) return null;
  const at = value.indexOf(BUNDLE_KEY);
  if (at > 0 && value[at + BUNDLE_KEY.length] === 0x7b) {
    try {
      const head = headSchema.safeParse(JSON.parse(`${value.toString('utf8', 0, at)}}`));
      if (head.success) return metaOf(head.data);
    } catch {
      // Not the layout expected: read it whole below.
    }
  }
  let whole: unknown;
  try {
    whole = JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = gpMessageSchema.safeParse(whole);
  return parsed.success ? metaOf(parsed.data) : null;
}

function metaOf(message: Pick<GpMessage, 'consultationId' | 'version' | 'practiceOds'>) {
  return { consultationId: message.consultationId, version: message.version, practiceOds: message.practiceOds };
}

function json(record: IncomingRecord): unknown {
  try {
    return JSON.parse(record.value?.toString('utf8') ?? '');
  } catch {
    return undefined;
  }
}

/**
 * Every instance reads gp-messages, delivery.parked, delivery.dead-letter and ops.commands from the
 * beginning in a group of its own, to know the latest message per consultation (for resends and
 * releases) and which practices are held. Unreadable records are skipped: the delivery path
 * dead-letters them on its own.
 */
export function createStateTailer(deps: StateTailerDeps): StateTailer {
  const { topics, index, holds, logger } = deps;
  const watched = [topics.gpMessages, topics.deliveryParked, topics.deliveryDeadLetter, topics.opsCommands];
  const applied = new Map<string, number>();
  let caughtUpOnce = false;
  let consumer: RecordConsumer | undefined;

  function apply(record: IncomingRecord): void {
    if (record.topic === topics.gpMessages) {
      const head = gpMessageHead(record.value);
      if (head && record.value) index.record({ ...head, state: 'queued', at: record.timestamp }, { bytes: record.value, wrapped: false });
      return;
    }
    const value = json(record);
    if (record.topic === topics.opsCommands) {
      const command = opsCommandSchema.safeParse(value);
      if (command.success && (command.data.type === 'hold-practice' || command.data.type === 'release-practice')) {
        holds.apply(command.data.practiceOds, command.data.type === 'hold-practice', Number(record.offset));
      }
      return;
    }
    const stored = storedSchema.safeParse(value);
    if (!stored.success || !stored.data.gpMessage || !record.value) return;
    const body = { bytes: record.value, wrapped: true };
    if (record.topic === topics.deliveryParked) {
      const reason = typeof stored.data.reason === 'string' ? stored.data.reason : 'unknown';
      index.record({ ...metaOf(stored.data.gpMessage), state: 'parked', at: record.timestamp, parkReason: reason }, body);
      return;
    }
    const state: IndexedState = stored.data.disposition === 'needs-fallback' ? 'needs-fallback' : 'dead-lettered';
    index.record({ ...metaOf(stored.data.gpMessage), state, at: record.timestamp }, body);
  }

  function behind(ends: Map<string, number>): boolean {
    for (const [key, end] of ends) {
      if (end > 0 && (applied.get(key) ?? -1) < end - 1) return true;
    }
    return false;
  }

  return {
    get caughtUpOnce() {
      return caughtUpOnce;
    },
    async start() {
      consumer = createRecordConsumer(deps.kafka, logger, {
        groupId: `${deps.groupIdPrefix}-state-${randomUUID()}`,
        topics: watched,
        fromBeginning: true,
        partitionsConsumedConcurrently: 1,
        sessionTimeoutMs: deps.sessionTimeoutMs,
        heartbeatIntervalMs: deps.heartbeatIntervalMs,
      });
      await consumer.start(async (records, context) => {
        for (const record of records) {
          apply(record);
          applied.set(`${record.topic}|${record.partition}`, Number(record.offset));
          context.markDone(record);
        }
      });
    },
    async catchUp(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let ends: Map<string, number> | undefined;
      while (!ends) {
        try {
          ends = await endOffsets(deps.kafka, watched);
        } catch (err) {
          // Metadata of topics created a moment ago can lag (unknown partition, leader moving): ask again.
          if (Date.now() > deadline) throw err;
          logger.debug({ err }, 'end offsets not available yet');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      while (behind(ends)) {
        if (Date.now() > deadline) throw new Error(`state not caught up within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      if (!caughtUpOnce) logger.info({ consultations: index.size, held: holds.held() }, 'delivery state rebuilt from topics');
      caughtUpOnce = true;
    },
    async stop() {
      await consumer?.stop();
    },
  };
}
