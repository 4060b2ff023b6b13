import { type GpMessage, gpMessageSchema, opsCommandSchema } from '@firstsync/contracts';
import { decodeJson, decodeValue, type IncomingRecord, type KafkaClient, type Materialised, materialise, readJson, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { z } from 'zod';
import type { HoldRegistry } from './hold-registry';
import type { IndexedState, MessageIndex } from './message-index';
import { practiceRouteSchema, type RouteMemory } from './route-memory';

export interface StateTailer {
  start(): Promise<void>;
  /** Resolves once everything written before the call has been applied (read-your-writes for commands). */
  catchUp(timeoutMs: number): Promise<void>;
  /**
   * Resolves once the holds and learnt routes (small topics) have caught up: all the delivery path
   * needs. The message index (every message's body, for resends, acknowledgements and reroutes)
   * can take minutes to rebuild on a loaded node and is waited for only where it is used.
   */
  catchUpControl(timeoutMs: number): Promise<void>;
  readonly caughtUpOnce: boolean;
  readonly controlCaughtUpOnce: boolean;
  stop(): Promise<void>;
}

export interface StateTailerDeps {
  kafka: KafkaClient;
  logger: Logger;
  topics: TopicNames;
  index: MessageIndex;
  holds: HoldRegistry;
  /** What acknowledgements taught about each practice's route (delivery.practice-routes). */
  routes: RouteMemory;
  groupIdPrefix: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

const storedSchema = z.object({ gpMessage: gpMessageSchema.nullable().optional(), disposition: z.string().optional(), reason: z.unknown().optional() });

const headSchema = gpMessageSchema.omit({ bundle: true });
const BUNDLE_KEY = Buffer.from(',"bundle":');
const CLOSE_BRACE = Buffer.from('}');

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
    const head = decodeJson({ value: Buffer.concat([value.subarray(0, at), CLOSE_BRACE]) }, headSchema);
    if (head.ok) return metaOf(head.value);
    // Not the layout expected: read it whole below.
  }
  const whole = decodeJson({ value }, gpMessageSchema);
  return whole.ok ? metaOf(whole.value) : null;
}

function metaOf(message: Pick<GpMessage, 'consultationId' | 'version' | 'practiceOds'>) {
  return { consultationId: message.consultationId, version: message.version, practiceOds: message.practiceOds };
}

/**
 * Every instance reads gp-messages, delivery.parked, delivery.dead-letter, ops.commands and
 * delivery.practice-routes from the beginning in groups of its own, to know the latest message per
 * consultation (for resends and releases), which practices are held and what acknowledgements
 * taught about their routes. Two views, so the small one (holds, routes) is not held up by the
 * large one (every message's body). Unreadable records are skipped: the delivery path
 * dead-letters them on its own.
 */
export function createStateTailer(deps: StateTailerDeps): StateTailer {
  const { topics, index, holds, routes, logger } = deps;
  let caughtUpOnce = false;
  let controlCaughtUpOnce = false;

  function applyMessage(record: IncomingRecord): void {
    if (record.topic === topics.gpMessages) {
      const head = gpMessageHead(record.value);
      if (head && record.value) index.record({ ...head, state: 'queued', at: record.timestamp }, { bytes: record.value, wrapped: false });
      return;
    }
    const json = readJson(record.value);
    if (!json.ok) return;
    const stored = decodeValue(json.value, storedSchema);
    if (!stored.ok || !stored.value.gpMessage || !record.value) return;
    const body = { bytes: record.value, wrapped: true };
    if (record.topic === topics.deliveryParked) {
      const reason = typeof stored.value.reason === 'string' ? stored.value.reason : 'unknown';
      index.record({ ...metaOf(stored.value.gpMessage), state: 'parked', at: record.timestamp, parkReason: reason }, body);
      return;
    }
    const state: IndexedState = stored.value.disposition === 'needs-fallback' ? 'needs-fallback' : 'dead-lettered';
    index.record({ ...metaOf(stored.value.gpMessage), state, at: record.timestamp }, body);
  }

  function applyControl(record: IncomingRecord): void {
    const json = readJson(record.value);
    if (!json.ok) return;
    if (record.topic === topics.opsCommands) {
      const command = decodeValue(json.value, opsCommandSchema);
      if (command.ok && (command.value.type === 'hold-practice' || command.value.type === 'release-practice')) {
        holds.apply(command.value.practiceOds, command.value.type === 'hold-practice', Number(record.offset));
      }
      return;
    }
    const route = decodeValue(json.value, practiceRouteSchema);
    if (route.ok) routes.apply(route.value);
  }

  const viewOptions = { partitionsConsumedConcurrently: 1, sessionTimeoutMs: deps.sessionTimeoutMs, heartbeatIntervalMs: deps.heartbeatIntervalMs };
  let control: Materialised | undefined;
  let messages: Materialised | undefined;

  return {
    get caughtUpOnce() {
      return caughtUpOnce;
    },
    get controlCaughtUpOnce() {
      return controlCaughtUpOnce;
    },
    async start() {
      const started = await Promise.allSettled([
        materialise(deps.kafka, logger, {
          ...viewOptions,
          name: 'delivery-control',
          groupIdPrefix: `${deps.groupIdPrefix}-control-`,
          topics: [topics.opsCommands, topics.deliveryPracticeRoutes],
          apply: applyControl,
        }),
        materialise(deps.kafka, logger, {
          ...viewOptions,
          name: 'delivery-state',
          groupIdPrefix: `${deps.groupIdPrefix}-state-`,
          topics: [topics.gpMessages, topics.deliveryParked, topics.deliveryDeadLetter],
          apply: applyMessage,
        }),
      ]);
      const views = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) {
        // Not left consuming in the background of a failed start.
        await Promise.all(views.map((view) => view.stop()));
        throw failed.reason;
      }
      [control, messages] = views;
    },
    async catchUpControl(timeoutMs) {
      if (!control) throw new Error('delivery state not started');
      await control.catchUp(timeoutMs);
      if (!controlCaughtUpOnce) logger.info({ held: holds.held(), learntRoutes: routes.size }, 'delivery holds and routes rebuilt from topics');
      controlCaughtUpOnce = true;
    },
    async catchUp(timeoutMs) {
      if (!control || !messages) throw new Error('delivery state not started');
      await Promise.all([control.catchUp(timeoutMs), messages.catchUp(timeoutMs)]);
      controlCaughtUpOnce = true;
      if (!caughtUpOnce) logger.info({ consultations: index.size, held: holds.held(), learntRoutes: routes.size }, 'delivery state rebuilt from topics');
      caughtUpOnce = true;
    },
    async stop() {
      await Promise.all([control?.stop(), messages?.stop()]);
    },
  };
}
