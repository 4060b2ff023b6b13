// Which Kafka broker a run uses, decided in one place for the start command, tests and benchmarks:
//   1. KAFKA_BROKERS if set (an existing cluster; nothing is started or stopped);
//   2. a Docker engine if one answers (testcontainers' Kafka module);
//   3. otherwise a local JVM broker from Maven Central jars (kafka-local.mjs).
// Asked for a cluster (brokers > 1), it skips Docker (testcontainers' Kafka is one node) and starts a
// local KRaft cluster of that many nodes.
import { spawnSync } from 'node:child_process';
import { startLocalBroker, stopLocalBroker } from './kafka-local.mjs';

const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0';

function dockerAnswers() {
  if (process.env.FIRSTSYNC_NO_DOCKER === '1') return false;
  const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 5_000 });
  return probe.status === 0 && probe.stdout.trim().length > 0;
}

/**
 * @param {{ port?: number, brokers?: number }} [options] port for the local JVM broker (tests use a
 *   different one than `npm start`) and how many nodes it has (1: one broker, the quick default)
 * @returns {Promise<{ brokers: string, kind: 'external' | 'docker' | 'local-jvm', startSeconds?: number, release: () => Promise<void> }>}
 */
export async function acquireBroker({ port = 9092, brokers = 1 } = {}) {
  const external = process.env.KAFKA_BROKERS?.trim();
  if (external) return { brokers: external, kind: 'external', release: async () => {} };
  if (brokers === 1 && dockerAnswers()) {
    const started = Date.now();
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
    const brokers = `${container.getHost()}:${container.getMappedPort(9093)}`;
    return { brokers, kind: 'docker', startSeconds: (Date.now() - started) / 1000, release: async () => void (await container.stop()) };
  }
  const broker = await startLocalBroker({ port, brokers });
  return { brokers: broker.brokers, kind: 'local-jvm', startSeconds: broker.startSeconds, release: async () => void (await stopLocalBroker({ port })) };
}
