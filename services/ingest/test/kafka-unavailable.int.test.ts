import { randomUUID } from 'node:crypto';
import { consultationEventSchema, problemSchema } from '@firstsync/contracts';
import { createKafkaClient, createRecordConsumer, ensureTopics, resolveTopicNames } from '@firstsync/kafka';
import { quietLogger } from '@firstsync/testkit';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without type declarations
import { startLocalBroker, stopLocalBroker } from '../../../infra/kafka-local/kafka-local.mjs';
import { consultationOf, json, postConsultation, type RunningIngest, startIngest } from './support/ingest-harness';

type BrokerControl = (options: { port: number; heap?: string; keepData?: boolean; graceMs?: number }) => Promise<unknown>;
const startBroker = startLocalBroker as BrokerControl;
const stopBroker = stopLocalBroker as BrokerControl;

// A broker of this suite's own, so stopping it disturbs nobody else's tests.
const PORT = Number(process.env.INGEST_TEST_LOCAL_KAFKA_PORT ?? 19197);
const BROKERS = `127.0.0.1:${PORT}`;
const PREFIX = 't.ingest-unavailable.';

function expectUnavailable(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(503);
  expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(problemSchema.parse(json(response)).status).toBe(503);
}

/** Every consultationId on the topic, read from the beginning on the suite's broker. */
async function publishedIds(expected: readonly string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  const consumer = createRecordConsumer(createKafkaClient({ brokers: BROKERS, clientId: 'unavailable-reader' }, quietLogger), quietLogger, {
    groupId: `unavailable-reader-${randomUUID()}`,
    topics: [resolveTopicNames(PREFIX).consultations],
    fromBeginning: true,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
  });
  await consumer.start(async (records, context) => {
    for (const record of records) {
      ids.add(consultationEventSchema.parse(JSON.parse(String(record.value))).consultation.consultationId);
      context.markDone(record);
    }
  });
  const deadline = Date.now() + 45_000;
  while (!expected.every((id) => ids.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await consumer.stop();
  return ids;
}

describe('Kafka unavailable', () => {
  beforeAll(async () => {
    await startBroker({ port: PORT, heap: '256m' });
    await ensureTopics(createKafkaClient({ brokers: BROKERS, clientId: 'unavailable-admin' }, quietLogger), quietLogger, { prefix: PREFIX });
  }, 120_000);
  afterAll(async () => {
    await stopBroker({ port: PORT, graceMs: 5_000 });
  }, 60_000);

  it('answers 503 + Retry-After when the broker stops mid-test, and every 202 it gave is in Kafka', async () => {
    let ingest: RunningIngest | undefined;
    try {
      ingest = await startIngest({
        label: 'ingest-unavailable',
        brokers: BROKERS,
        topics: { prefix: PREFIX, topics: resolveTopicNames(PREFIX) },
        env: { INGEST_KAFKA_SEND_TIMEOUT_MS: '3000' },
      });
      const app = ingest.app;
      const accepted: string[] = [];
      const before = consultationOf();
      expect((await postConsultation(app, before)).statusCode).toBe(202);
      accepted.push(String(before.consultationId));

      // Submissions keep arriving while the broker goes down: each is either 202 (and then it must
      // be in Kafka) or 503; none may be accepted without having been acknowledged.
      let brokerStopped = false;
      const stopping = stopBroker({ port: PORT, graceMs: 5_000 }).then(() => {
        brokerStopped = true;
      });
      const unavailable: string[] = [];
      const deadline = Date.now() + 90_000;
      while (!(brokerStopped && unavailable.length > 0) && Date.now() < deadline) {
        const body = consultationOf();
        const response = await postConsultation(app, body);
        if (response.statusCode === 202) accepted.push(String(body.consultationId));
        else {
          expectUnavailable(response);
          unavailable.push(String(body.consultationId));
        }
        // Paced, so the number of records accepted before the broker goes is bounded.
        await new Promise((r) => setTimeout(r, 20));
      }
      await stopping;
      expect(unavailable.length).toBeGreaterThan(0);
      process.stderr.write(`[ingest kafka-unavailable] while the broker stopped: ${accepted.length - 1} accepted (202), ${unavailable.length} refused (503)\n`);
      const whileDown = consultationOf();
      const down = await postConsultation(app, whileDown);
      expectUnavailable(down);
      expect(down.body).not.toContain(String(whileDown.consultationId));

      await startBroker({ port: PORT, heap: '256m', keepData: true });
      const ids = await publishedIds(accepted);
      expect(accepted.filter((id) => !ids.has(id))).toEqual([]);

      // The same request, retried once Kafka is back, is accepted.
      const retried = await retryUntilAccepted(() => postConsultation(app, whileDown));
      expect(retried.statusCode).toBe(202);
      expect((await publishedIds([String(whileDown.consultationId)])).has(String(whileDown.consultationId))).toBe(true);
    } finally {
      await ingest?.stop();
    }
    // Generous: a broker restart takes 4 s on an idle machine and over 30 s on a busy CI runner.
  }, 240_000);

  it('answers 503 + Retry-After when Kafka is unreachable from the start (nothing loaded yet)', async () => {
    const ingest = await startIngest({
      label: 'ingest-dead-broker',
      brokers: '127.0.0.1:9',
      topics: { prefix: 't.dead.', topics: resolveTopicNames('t.dead.') },
      start: false,
    });
    try {
      expectUnavailable(await postConsultation(ingest.app, consultationOf()));
      expect(ingest.ingest.ready()).toBe(false);
      const ready = await ingest.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
    } finally {
      await ingest.app.close();
    }
  });
});

async function retryUntilAccepted(send: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await send();
    if (response.statusCode !== 503 || Date.now() > deadline) return response;
    await new Promise((r) => setTimeout(r, 500));
  }
}
