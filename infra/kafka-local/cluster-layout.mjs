// Where each node of a local broker or cluster listens and keeps its data, and its server.properties.
// Pure (no I/O) so the layout can be checked without starting a JVM. Dependency-free like
// kafka-local.mjs, which must work before `pnpm install` has run.
import { join } from 'node:path';

/**
 * Replication a cluster of `brokers` nodes can honour: 3 copies and 2 in sync once there are 3
 * brokers (one broker may be lost without refusing writes with acks=all), otherwise 1/1.
 * packages/kafka's ensureTopics applies the same rule to the topics it creates.
 */
export function replicationFor(brokers) {
  return brokers >= 3 ? { replicationFactor: 3, minInsyncReplicas: 2 } : { replicationFactor: 1, minInsyncReplicas: 1 };
}

/**
 * The nodes of a local broker on `port`. One node keeps the layout it always had (client port P,
 * controller port P+1, `.kafka/broker-P`). A cluster of N combined broker+controller nodes takes
 * the block P .. P+2N-1: client ports P .. P+N-1, controller ports P+N .. P+2N-1, one data
 * directory per node under `.kafka/cluster-P/node-<id>`.
 */
export function clusterLayout(kafkaHome, port, brokers = 1) {
  if (!Number.isInteger(brokers) || brokers < 1) throw new Error(`brokers must be a positive integer, got ${brokers}`);
  if (brokers === 2) throw new Error('a 2-node KRaft quorum survives no failure; use 1 or 3 (or more) brokers');
  const single = brokers === 1;
  const root = single ? join(kafkaHome, `broker-${port}`) : join(kafkaHome, `cluster-${port}`);
  const nodes = Array.from({ length: brokers }, (_, index) => {
    const id = index + 1;
    const dir = single ? root : join(root, `node-${id}`);
    return {
      id,
      port: port + index,
      controllerPort: single ? port + 1 : port + brokers + index,
      dir,
      data: join(dir, 'data'),
      log: join(dir, 'server.out'),
      pid: join(dir, 'broker.pid'),
      props: join(dir, 'server.properties'),
      log4j: join(dir, 'log4j.properties'),
    };
  });
  const voters = nodes.map((node) => `${node.id}@127.0.0.1:${node.controllerPort}`).join(',');
  return { root, brokers, nodes, voters, bootstrap: nodes.map((node) => `127.0.0.1:${node.port}`).join(',') };
}

/** server.properties of one node: combined broker+controller, static quorum of every node. */
export function serverProperties(layout, node) {
  const { replicationFactor, minInsyncReplicas } = replicationFor(layout.brokers);
  // Small thread pools because this runs on a 2-core machine beside the services; initial
  // rebalance delay 0 keeps tests fast. Internal topics get the cluster's replication so a lost
  // broker loses no committed offsets or transaction state.
  return `process.roles=broker,controller
node.id=${node.id}
controller.quorum.voters=${layout.voters}
listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=${node.data}
num.partitions=1
default.replication.factor=${replicationFactor}
min.insync.replicas=${minInsyncReplicas}
offsets.topic.replication.factor=${replicationFactor}
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=${replicationFactor}
transaction.state.log.min.isr=${minInsyncReplicas}
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=4
num.replica.fetchers=1
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=33554432
log.retention.check.interval.ms=60000
delete.topic.enable=true
`;
}
