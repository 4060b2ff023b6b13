// docker-compose.yml (the default: one broker, one process per service, as today) and the replicated
// shape layered over it (docker-compose.cluster.yml: 3 brokers in a KRaft quorum of 3, replicas of the
// consumers), read as Compose reads them. No Docker engine needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceTable } from '@firstsync/service-runner';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { type ComposeService, composeServices, environmentOf, repoRoot, yamlDocuments } from '../src';

const load = (path: string): unknown => defined(yamlDocuments(readFileSync(join(repoRoot, path), 'utf8'), path)[0], path);
const base = load('docker-compose.yml');
const cluster = load('docker-compose.cluster.yml');
const single = composeServices(base);
const replicated = composeServices(base, cluster);
const table = serviceTable({ brokers: 'unused:9092' });
/** Services that talk to Kafka (the simulator stands in for the NHS side and does not). */
const kafkaUsers = table.services.filter((s) => s.name !== 'nhs-simulator').map((s) => s.name);

const brokersOf = (services: Map<string, ComposeService>): [string, ComposeService][] =>
  [...services].filter(([, service]) => service.image?.startsWith('apache/kafka:') === true);
const serviceOf = (services: Map<string, ComposeService>, name: string): ComposeService => defined(services.get(name), `compose service ${name}`);
const replicasOf = (service: ComposeService): number => service.deploy?.replicas ?? 1;

describe('docker-compose', () => {
  it('by default runs one broker that is its own quorum, and every service of the table against it', () => {
    const brokers = brokersOf(single);
    expect(brokers.map(([name]) => name)).toEqual(['kafka']);
    expect(environmentOf(serviceOf(single, 'kafka')).KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka:9093');
    for (const { name } of table.services) {
      const service = serviceOf(single, name);
      expect(service.command?.toString()).toContain(`services/${name}/dist/main.mjs`);
      expect(environmentOf(service).KAFKA_BROKERS).toBe('kafka:9092');
      expect(replicasOf(service)).toBe(1);
    }
  });

  it('the cluster file gives 3 brokers, each broker and controller, in one quorum of 3 with one cluster id', () => {
    const brokers = brokersOf(replicated);
    expect(brokers).toHaveLength(3);
    const images = new Set(brokers.map(([, service]) => service.image));
    expect(images).toEqual(new Set([serviceOf(single, 'kafka').image]));
    const envs = brokers.map(([name, service]) => ({ name, env: environmentOf(service) }));
    const voters = new Set(envs.map(({ env }) => env.KAFKA_CONTROLLER_QUORUM_VOTERS));
    expect(voters.size).toBe(1);
    const quorum = defined([...voters][0], 'quorum voters').split(',');
    expect(quorum).toEqual(envs.map(({ name, env }) => `${env.KAFKA_NODE_ID}@${name}:9093`));
    expect(new Set(envs.map(({ env }) => env.CLUSTER_ID)).size).toBe(1);
    expect(envs.map(({ env }) => env.CLUSTER_ID)).not.toContain(undefined);
    for (const { name, env } of envs) {
      expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(env.KAFKA_ADVERTISED_LISTENERS).toBe(`PLAINTEXT://${name}:9092`);
      // What makes an acknowledged write survive one broker lost (producers use acks=all).
      expect(env).toMatchObject({
        KAFKA_DEFAULT_REPLICATION_FACTOR: '3',
        KAFKA_MIN_INSYNC_REPLICAS: '2',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '3',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '3',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '2',
      });
      expect(serviceOf(replicated, name).healthcheck?.test.join(' ')).toContain('kafka-broker-api-versions.sh');
    }
  });

  it('the cluster file points every Kafka user at all three brokers and waits for each to be healthy', () => {
    const brokerNames = brokersOf(replicated).map(([name]) => name);
    for (const name of kafkaUsers) {
      const service = serviceOf(replicated, name);
      expect(environmentOf(service).KAFKA_BROKERS?.split(',')).toEqual(brokerNames.map((broker) => `${broker}:9092`));
      for (const broker of brokerNames) expect(service.depends_on[broker]?.condition).toBe('service_healthy');
      // The base file's own settings (heap budget, port) are kept by the merge.
      expect(service.command).toEqual(serviceOf(single, name).command);
      expect(environmentOf(service).PORT).toBe(environmentOf(serviceOf(single, name)).PORT);
    }
  });

  it('the cluster file runs 2 replicas of the portless consumers and keeps one of each service publishing a host port', () => {
    for (const name of ['fhir-mapper', 'delivery']) expect({ name, replicas: replicasOf(serviceOf(replicated, name)) }).toEqual({ name, replicas: 2 });
    for (const [name, service] of replicated) {
      // Replicas of a service with a fixed host port would collide on it: Compose has no load balancer.
      if (service.ports.length > 0) expect({ name, replicas: replicasOf(service) }).toEqual({ name, replicas: 1 });
    }
  });
});
