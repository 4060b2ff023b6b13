import { randomUUID } from 'node:crypto';
import type { Clock, ConsultationInput } from '@firstsync/contracts';
import { fixtures } from '@firstsync/contracts/fixtures';
import { createKafkaClient, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { sha256Hex } from '@firstsync/pharmacy-api-keys';
import { isolatedTopics, quietLogger, testBrokers } from '@firstsync/testkit';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildIngest, type Ingest } from '../../src/app';
import { loadIngestConfig } from '../../src/config';
import type { StatusTimelines } from '../../src/status/status-timelines';

// Two pharmacies, so every suite can check that one key cannot act for the other.
export const PHARMACY_A = { key: 'test-key-pharmacy-a-0001', ods: 'FTA01', name: 'pharmacy-a' } as const;
export const PHARMACY_B = { key: 'test-key-pharmacy-b-0002', ods: 'FTB02', name: 'pharmacy-b' } as const;

export const apiKeysJson = JSON.stringify([PHARMACY_A, PHARMACY_B].map((p) => ({ keyHash: sha256Hex(p.key), pharmacyOds: p.ods, name: p.name })));

export const auth = (key: string = PHARMACY_A.key) => ({ authorization: `Bearer ${key}` });

// The fixtures are dated 2026-03-10; a fixed clock shortly after keeps every date rule stable.
export const FIXED_NOW = new Date('2026-03-11T12:00:00Z');
export const fixedClock: Clock = { now: () => new Date(FIXED_NOW) };

export interface RunningIngest {
  readonly ingest: Ingest;
  readonly app: FastifyInstance;
  readonly topics: TopicNames;
  stop(): Promise<void>;
}

export interface StartOptions {
  label: string;
  brokers?: string;
  logger?: Logger;
  clock?: Clock;
  env?: Record<string, string>;
  /** Skip ingest.start() (e.g. the broker is down from the beginning). */
  start?: boolean;
  topics?: { prefix: string; topics: TopicNames };
  /** Leave INGEST_API_KEYS unset, as a developer's `pnpm start` does (only the demo key works). */
  demoKeys?: boolean;
  /** The status endpoint's timelines (e.g. a store shared by two instances); bounded memory by default. */
  statusTimelines?: StatusTimelines;
}

/** Builds ingest in-process on an isolated topic namespace of the test broker and starts it. */
export async function startIngest(options: StartOptions): Promise<RunningIngest> {
  const { prefix, topics } = options.topics ?? (await isolatedTopics(options.label));
  const logger = options.logger ?? quietLogger;
  const config = loadIngestConfig({
    KAFKA_BROKERS: options.brokers ?? testBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    ...(options.demoKeys ? {} : { INGEST_API_KEYS: apiKeysJson }),
    INGEST_PUBLIC_URL: 'http://ingest.test',
    INGEST_CONSUMER_SESSION_TIMEOUT_MS: '10000',
    INGEST_CONSUMER_HEARTBEAT_MS: '1000',
    LOG_LEVEL: 'debug',
    // The test clock stands still, so buckets never refill: only the rate-limit test uses a small one.
    INGEST_RATE_LIMIT_BURST: '1000000',
    // A shared broker on a busy CI machine can take seconds to acknowledge; only the Kafka-unavailable
    // suite wants a short timeout, and sets one.
    INGEST_KAFKA_SEND_TIMEOUT_MS: '30000',
    ...options.env,
  });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `ingest-${options.label}`, retries: 2 }, logger);
  const ingest = buildIngest({
    config,
    logger,
    kafka,
    clock: options.clock ?? fixedClock,
    ...(options.statusTimelines ? { statusTimelines: options.statusTimelines } : {}),
  });
  if (options.start !== false) await ingest.start();
  else await ingest.app.ready();
  return { ingest, app: ingest.app, topics, stop: () => ingest.stop() };
}

/** A valid consultation of `pharmacyOds` with a fresh consultationId (fixtures are shared by every test). */
export function consultationOf(pharmacyOds: string = PHARMACY_A.ods, base: ConsultationInput = fixtures.soreThroat): ConsultationInput {
  return { ...structuredClone(base), consultationId: randomUUID(), pharmacy: { ...base.pharmacy, odsCode: pharmacyOds } };
}

export function postConsultation(app: FastifyInstance, body: unknown, key: string = PHARMACY_A.key): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/v1/consultations', headers: auth(key), payload: body as object });
}

export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}
