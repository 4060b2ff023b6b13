// Benchmark (prints numbers, asserts nothing): N practices over FHIR REST to the in-process
// simulator through the real broker, one practice down the whole time. How fast do the healthy
// practices' messages get through, and how much does the breaker spare the failing endpoint?
//   KAFKA_BROKERS=127.0.0.1:9092 node --import tsx services/delivery/scripts/bench-delivery.ts [perPractice] [practices]
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pipelineEventSchema } from '@firstsync/contracts';
import { createRecordProducer, ensureTopics, resolveTopicNames } from '@firstsync/kafka';
import { buildNhsSimulator } from '@firstsync/nhs-simulator';
import { quietLogger, readTopic, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { buildDelivery } from '../src/app';
import { deliveryConfigSchema } from '../src/config';
import { gpMessage } from '../test/support/messages';

const perPractice = Number(process.argv[2] ?? 50);
const practiceCount = Number(process.argv[3] ?? 10);
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const prefix = `bench.${randomUUID().slice(0, 8)}.`;
const topics = resolveTopicNames(prefix);
await ensureTopics(testKafka('bench-admin'), quietLogger, { prefix });

const simulator = buildNhsSimulator({ config: { SIMULATOR_BODY_LIMIT_BYTES: 1_000_000 }, logger: quietLogger });
await simulator.app.listen({ host: '127.0.0.1', port: 0 });
const simulatorUrl = `http://127.0.0.1:${(simulator.app.server.address() as AddressInfo).port}`;
const practices = Array.from({ length: practiceCount }, (_, i) => `P${String(10000 + i).padStart(5, '0')}`);
const down = defined(practices[0], 'a first practice');
simulator.state.faults.set(down, { status: 503 });
for (const ods of practices.slice(1)) simulator.state.faults.set(ods, { latencyMs: 20 });

const config = deliveryConfigSchema.parse({
  KAFKA_BROKERS: brokers,
  KAFKA_TOPIC_PREFIX: prefix,
  LOG_LEVEL: 'silent',
  DEFAULT_FHIR_BASE_URL: `${simulatorUrl}/fhir`,
  RETRY_DELAYS_MS: '200,400,800,1600,3200',
  RETRY_MAX_ATTEMPTS: '1000',
  BREAKER_COOL_DOWN_MS: '1000',
  KAFKA_SESSION_TIMEOUT_MS: '10000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
});
const service = buildDelivery({ config, logger: quietLogger, kafka: testKafka('bench-delivery') });
await service.start();
const events = await readTopic(topics.pipelineEvents, (record) => pipelineEventSchema.parse(JSON.parse(String(record.value))));
const producer = createRecordProducer(testKafka('bench-producer'), quietLogger);
await producer.connect();

// Warm-up: the consumer groups finish joining (the broker delays a new group's first rebalance).
const warmUp = gpMessage(defined(practices[1], 'a second practice'));
await producer.send({ topic: topics.gpMessages, key: warmUp.practiceOds, value: JSON.stringify(warmUp) });
await events.waitFor((all) => all.some((e) => e.type === 'delivered' && e.consultationId === warmUp.consultationId), 60_000);

const messages = practices.flatMap((ods) => Array.from({ length: perPractice }, () => gpMessage(ods)));
const healthy = new Set(messages.filter((m) => m.practiceOds !== down).map((m) => m.consultationId));
const started = Date.now();
await producer.send(messages.map((m) => ({ topic: topics.gpMessages, key: m.practiceOds, value: JSON.stringify(m) })));
const delivered = await events.waitFor(
  (all) => all.filter((e) => e.type === 'delivered' && healthy.has(e.consultationId ?? '')).length >= healthy.size,
  300_000,
);
const elapsed = Date.now() - started;
const latencies = delivered
  .filter((e) => e.type === 'delivered' && healthy.has(e.consultationId ?? ''))
  .map((e) => Date.parse(e.at) - started)
  .sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const downRetries = events.values.filter((e) => e.practiceOds === down && e.type === 'retry-scheduled');
const circuitOpen = downRetries.filter((e) => e.code === 'circuit-open').length;
console.log(
  `delivered ${healthy.size} messages for ${practiceCount - 1} healthy practices (20 ms endpoint latency) in ${elapsed} ms = ${Math.round((healthy.size / elapsed) * 1000)} msg/s`,
);
console.log(`time to delivered from publish: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${latencies.at(-1)} ms`);
console.log(
  `practice ${down} (503 throughout): ${downRetries.length} retries scheduled meanwhile, ${circuitOpen} of them without calling it (breaker open); endpoint saw ${simulator.state.faults.countersOf(down).requests} requests`,
);

await events.close();
await producer.disconnect();
await service.stop();
await service.app.close();
await simulator.app.close();
process.exit(0);
