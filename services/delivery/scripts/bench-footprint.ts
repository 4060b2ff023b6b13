// Benchmark (prints numbers, asserts nothing): the delivery process's CPU per consultation and its
// peak RSS, with real-size Update Record bundles (mapped from the contract fixtures, 11-17 kB of
// JSON each) over FHIR REST to an in-process simulator, through the real broker. Delivery runs as
// its own process (as in production) so /proc gives its CPU and memory alone.
//   KAFKA_BROKERS=127.0.0.1:9092 node --import tsx services/delivery/scripts/bench-footprint.ts [consultations] [path/to/main.ts]
// Peak RSS includes garbage not yet collected; `BENCH_NODE_ARGS=--max-old-space-size=N` shows what is retained.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { consultationSchema, type GpMessage, pipelineEventSchema } from '@firstsync/contracts';
import { fixtures } from '@firstsync/contracts/fixtures';
import { createRecordProducer, ensureTopics, resolveTopicNames } from '@firstsync/kafka';
import { buildNhsSimulator } from '@firstsync/nhs-simulator';
import { quietLogger, readTopic, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { shouldShareWithGp } from '@firstsync/update-record';
import { builtGpMessage } from '../test/support/messages';

const count = Number(process.argv[2] ?? 2_000);
const main = process.argv[3] ?? fileURLToPath(new URL('../src/main.ts', import.meta.url));
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const prefix = `bench.${randomUUID().slice(0, 8)}.`;
const topics = resolveTopicNames(prefix);
const practices = ['A81001', 'Y02345', 'B82005', 'M85063'];
await ensureTopics(testKafka('bench-admin'), quietLogger, { prefix });

// Only consultations the patient agreed to share become GP messages.
const samples = Object.values(fixtures).filter((f) => shouldShareWithGp(consultationSchema.parse(f)));
function message(i: number): GpMessage {
  const consultation = consultationSchema.parse({ ...samples[i % samples.length], consultationId: randomUUID() });
  return builtGpMessage(consultation, {
    senderMeshMailbox: 'X26OT001',
    practiceOds: defined(practices[i % practices.length], 'a practice'),
    correlationId: `bench-${i}`,
  });
}
const values = Array.from({ length: count + 1 }, (_, i) => message(i)).map((m) => ({
  topic: topics.gpMessages,
  key: m.practiceOds,
  value: JSON.stringify(m),
  headers: { 'x-consultation-id': m.consultationId },
}));
const bytes = values.reduce((sum, v) => sum + v.value.length, 0);

const simulator = buildNhsSimulator({ config: { SIMULATOR_BODY_LIMIT_BYTES: 1_000_000 }, logger: quietLogger });
await simulator.app.listen({ host: '127.0.0.1', port: 0 });
const simulatorUrl = `http://127.0.0.1:${(simulator.app.server.address() as AddressInfo).port}`;
const events = await readTopic(topics.pipelineEvents, (record) => pipelineEventSchema.parse(JSON.parse(String(record.value))));
const producer = createRecordProducer(testKafka('bench-producer'), quietLogger);
await producer.connect();

// BENCH_NODE_ARGS: extra node flags for the delivery process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', main], {
  env: {
    PATH: process.env.PATH ?? '',
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    DEFAULT_FHIR_BASE_URL: `${simulatorUrl}/fhir`,
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
  },
  // Logs are written (as in the benchmark, level info) but not shown.
  stdio: ['ignore', 'ignore', 'inherit'],
});
const pid = child.pid ?? 0;
const cpuMs = () => {
  const fields = defined(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1], `the fields of /proc/${pid}/stat`).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
};
const statusKb = (key: string) =>
  Number(
    /(\d+) kB/.exec(
      readFileSync(`/proc/${pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith(key)) ?? '',
    )?.[1] ?? 0,
  );
const delivered = () => events.values.filter((e) => e.type === 'delivered').length;

// Warm-up: groups joined, state rebuilt, first call made.
await producer.send(defined(values[0], 'a first record'));
await events.waitFor(() => delivered() >= 1, 90_000);
const rssBefore = statusKb('VmRSS');
// What the process burns doing nothing (consumer fetch loops, heartbeats): part of any per-consultation figure.
const idleFrom = cpuMs();
await new Promise((resolve) => setTimeout(resolve, 5_000));
const idlePerSecond = (cpuMs() - idleFrom) / 5;
const cpuBefore = cpuMs();
const started = Date.now();
for (let i = 1; i < values.length; i += 200) await producer.send(values.slice(i, i + 200));
await events.waitFor(() => delivered() >= count + 1, 600_000);
const elapsed = Date.now() - started;
await new Promise((resolve) => setTimeout(resolve, 1_500));
const cpu = cpuMs() - cpuBefore;
console.log(`${count} consultations (${Math.round(bytes / values.length / 1024)} kB each) in ${elapsed} ms = ${Math.round((count / elapsed) * 1000)}/s`);
console.log(
  `delivery CPU ${Math.round(cpu)} ms = ${(cpu / count).toFixed(3)} ms per consultation; idle ${Math.round(idlePerSecond)} ms/s, so ${((cpu - (idlePerSecond * (elapsed + 1_500)) / 1000) / count).toFixed(3)} ms per consultation above idle`,
);
console.log(
  `delivery RSS: ${Math.round(rssBefore / 1024)} MB after warm-up, ${Math.round(statusKb('VmRSS') / 1024)} MB now, peak ${Math.round(statusKb('VmHWM') / 1024)} MB`,
);

child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
await events.close();
await producer.disconnect();
await simulator.app.close();
process.exit(0);
