#!/usr/bin/env node
// A real Apache Kafka (KRaft) broker from Maven Central jars, for machines without Docker: one node
// (the quick default) or a cluster of combined broker+controller nodes. Dependency-free on purpose:
// it must work before `pnpm install` has run.
//
//   node infra/kafka-local/kafka-local.mjs start [--port 9092] [--brokers 3]   # in the background, wait until ready
//   node infra/kafka-local/kafka-local.mjs stop  [--port 9092]                 # one node or the whole cluster
//   node infra/kafka-local/kafka-local.mjs status [--port 9092]
//   node infra/kafka-local/kafka-local.mjs kill-node  --port 9092 --node 2      # SIGKILL one node, data kept
//   node infra/kafka-local/kafka-local.mjs stop-node  --port 9092 --node 2      # controlled shutdown of one node
//   node infra/kafka-local/kafka-local.mjs start-node --port 9092 --node 2      # start it again with its data
// --brokers defaults to KAFKA_LOCAL_BROKERS (else 1). A cluster of N on port P listens on P .. P+N-1
// (controllers on P+N .. P+2N-1); see cluster-layout.mjs.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterLayout, serverProperties } from './cluster-layout.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
const kafkaHome = process.env.FIRSTSYNC_KAFKA_HOME ?? join(repoRoot, '.kafka');
const libDir = join(kafkaHome, 'lib');
const pomPath = join(here, 'pom.xml');
const READY_PATTERNS = ['Transitioning from RECOVERY to RUNNING', 'Kafka Server started'];

const log = (msg) => process.stderr.write(`[kafka-local] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Copies the broker's jar closure into .kafka/lib once; later runs reuse it (and ~/.m2). */
export async function ensureJars() {
  const pomHash = createHash('sha256').update(readFileSync(pomPath)).digest('hex');
  const marker = join(libDir, '.complete');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === pomHash) return { downloaded: false };
  rmSync(libDir, { recursive: true, force: true });
  mkdirSync(libDir, { recursive: true });
  log('fetching Apache Kafka 3.9.2 jars with Maven (first run downloads about 46 MB)...');
  const started = Date.now();
  await new Promise((resolvePromise, reject) => {
    const mvn = spawn('mvn', ['-B', '-f', pomPath, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${libDir}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let artifacts = 0;
    let lastReport = 0;
    let tail = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) {
        if (!line.includes('Downloaded from')) continue;
        artifacts += 1;
        if (Date.now() - lastReport > 1500) {
          lastReport = Date.now();
          log(`  ${artifacts} files downloaded so far (${Math.round((Date.now() - started) / 1000)} s)`);
        }
      }
    };
    mvn.stdout.on('data', onData);
    mvn.stderr.on('data', onData);
    mvn.on('error', (err) => reject(new Error(`could not run mvn (is Maven installed?): ${err.message}`)));
    mvn.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`mvn failed (exit ${code}):\n${tail}`))));
  });
  const jars = readdirSync(libDir).filter((f) => f.endsWith('.jar'));
  const bytes = jars.reduce((sum, f) => sum + statSync(join(libDir, f)).size, 0);
  writeFileSync(marker, pomHash);
  log(`jars ready: ${jars.length} jars, ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { downloaded: true };
}

const LOG4J = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
`;

function isAlive(pid) {
  // Signal 0 to pid 0 would probe our own process group: no pid is never alive.
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(file) {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function portOpen(port) {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
  });
}

/** Every layout that may have been started on `port`: one node, and a cluster if one was made there. */
function layoutsAt(port) {
  const layouts = [clusterLayout(kafkaHome, port, 1)];
  const marker = join(kafkaHome, `cluster-${port}`, 'cluster.json');
  if (existsSync(marker)) layouts.push(clusterLayout(kafkaHome, port, JSON.parse(readFileSync(marker, 'utf8')).brokers));
  return layouts;
}

function clusterAt(port) {
  const cluster = layoutsAt(port).find((layout) => layout.brokers > 1);
  if (!cluster) throw new Error(`no cluster was started on port ${port}; start one with --brokers 3`);
  return cluster;
}

function nodeOf(layout, id) {
  const node = layout.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`the cluster on port ${layout.nodes[0]?.port} has nodes 1..${layout.brokers}, not ${id}`);
  return node;
}

const javaLogConfig = (node) => `-Dlog4j.configuration=file:${node.log4j}`;

/** Fresh storage for every node, all formatted with one cluster id (formatted in parallel: one JVM each). */
async function formatStorage(layout) {
  rmSync(layout.root, { recursive: true, force: true });
  // Kafka's cluster ids are 16 random bytes in unpadded base64url that must not start with '-'.
  let clusterId;
  do clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-'));
  if (layout.brokers > 1) {
    mkdirSync(layout.root, { recursive: true });
    writeFileSync(join(layout.root, 'cluster.json'), JSON.stringify({ brokers: layout.brokers, clusterId }));
  }
  await Promise.all(
    layout.nodes.map((node) => {
      mkdirSync(node.data, { recursive: true });
      writeFileSync(node.props, serverProperties(layout, node));
      writeFileSync(node.log4j, LOG4J);
      const args = ['-Xmx256m', javaLogConfig(node), '-cp', `${libDir}/*`, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', node.props];
      return new Promise((resolvePromise, reject) => {
        let output = '';
        const format = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
        format.stdout.on('data', (chunk) => (output += chunk));
        format.stderr.on('data', (chunk) => (output += chunk));
        format.on('error', reject);
        format.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`formatting Kafka storage of node ${node.id} failed:\n${output}`))));
      });
    }),
  );
}

/** Starts one node's JVM detached (own process group, so Ctrl-C on a parent does not kill it half-way). */
function spawnNode(node, heap) {
  // The ready check reads the log, so a restart must not see the previous run's "started" line.
  rmSync(node.log, { force: true });
  const out = openSync(node.log, 'a');
  const child = spawn(
    'java',
    [
      `-Xms${heap}`,
      `-Xmx${heap === '512m' ? '1g' : heap}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:InitiatingHeapOccupancyPercent=35',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-Djava.awt.headless=true',
      '-XX:+ExitOnOutOfMemoryError',
      javaLogConfig(node),
      '-cp',
      `${libDir}/*`,
      'kafka.Kafka',
      node.props,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  writeFileSync(node.pid, String(child.pid));
  return child.pid;
}

/** Resolves once the node logged that it runs and its client port answers; throws if it dies first. */
async function waitReady(node, pid, deadline) {
  while (Date.now() < deadline) {
    const text = existsSync(node.log) ? readFileSync(node.log, 'utf8') : '';
    if (READY_PATTERNS.some((pattern) => text.includes(pattern)) && (await portOpen(node.port))) return;
    if (!isAlive(pid)) throw new Error(`Kafka node ${node.id} (port ${node.port}) exited during start-up; last log lines:\n${text.slice(-3000)}`);
    await sleep(250);
  }
  throw new Error(`Kafka node ${node.id} (port ${node.port}) did not become ready in time (log ${node.log})`);
}

/**
 * Starts a broker on 127.0.0.1:`port` and resolves once it is RUNNING. With `brokers: 3` it starts
 * a KRaft cluster of three combined broker+controller nodes instead (ports in clusterLayout), and
 * resolves once every node runs. Storage is fresh unless `keepData` is set and an earlier run on
 * that port left formatted storage (the chaos suite restarts the broker mid-run and must keep every
 * acknowledged record). The JVMs are detached; callers stop them with stopLocalBroker.
 */
export async function startLocalBroker({ port = 9092, brokers = 1, heap = brokers === 1 ? '512m' : '384m', keepData = false } = {}) {
  await ensureJars();
  if (layoutsAt(port).some((layout) => layout.nodes.some((node) => isAlive(readPid(node.pid))))) {
    log(`a broker from an earlier run on port ${port} is still alive; stopping it first`);
    await stopLocalBroker({ port });
  }
  const layout = clusterLayout(kafkaHome, port, brokers);
  for (const node of layout.nodes) {
    for (const p of [node.port, node.controllerPort]) {
      if (await portOpen(p)) throw new Error(`port ${p} is already in use; set KAFKA_BROKERS to use that broker or choose another port`);
    }
  }
  const started = Date.now();
  const reuse = keepData && layout.nodes.every((node) => existsSync(join(node.data, 'meta.properties')));
  if (!reuse) await formatStorage(layout);
  const pids = layout.nodes.map((node) => spawnNode(node, heap));
  // A cluster's nodes wait for each other's quorum, so they start together and are awaited together.
  const deadline = Date.now() + 90_000 * Math.max(1, brokers / 2);
  try {
    await Promise.all(layout.nodes.map((node, index) => waitReady(node, pids[index] ?? 0, deadline)));
  } catch (err) {
    await stopLocalBroker({ port });
    throw err;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const what = brokers === 1 ? 'broker' : `${brokers}-node cluster`;
  log(`${what} ready on ${layout.bootstrap} in ${seconds} s (pid ${pids.join(', ')}, log ${layout.nodes.map((n) => n.log).join(', ')})`);
  const nodes = layout.nodes.map((node, index) => ({ id: node.id, port: node.port, pid: pids[index] ?? 0 }));
  return { brokers: layout.bootstrap, pid: pids[0] ?? 0, port, startSeconds: Number(seconds), nodes };
}

/** Stops one node's JVM: SIGTERM (controlled shutdown) then SIGKILL after the grace period, or SIGKILL at once. */
async function stopNode(node, { signal = 'SIGTERM', graceMs = 15_000 } = {}) {
  const pid = readPid(node.pid);
  if (!pid || !isAlive(pid)) {
    rmSync(node.pid, { force: true });
    return false;
  }
  process.kill(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    log(`broker pid ${pid} ignored ${signal} for ${graceMs} ms; killing it`);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
  rmSync(node.pid, { force: true });
  return true;
}

/** Stops whatever runs on `port`, one node or every node of a cluster. Idempotent. */
export async function stopLocalBroker({ port = 9092, graceMs = 15_000 } = {}) {
  const nodes = layoutsAt(port).flatMap((layout) => layout.nodes);
  const stopped = await Promise.all(nodes.map((node) => stopNode(node, { graceMs })));
  return stopped.some(Boolean);
}

/**
 * Stops ONE node of the cluster on `port` (chaos: `signal: 'SIGKILL'` loses it abruptly), keeping
 * its data for startLocalNode. The other nodes keep serving.
 */
export async function stopLocalNode({ port = 9092, node, signal = 'SIGTERM', graceMs = 15_000 }) {
  return stopNode(nodeOf(clusterAt(port), node), { signal, graceMs });
}

/** Starts ONE node of the cluster on `port` again with the data it had; resolves once it runs. */
export async function startLocalNode({ port = 9092, node, heap = '384m' }) {
  const target = nodeOf(clusterAt(port), node);
  if (isAlive(readPid(target.pid))) throw new Error(`node ${node} on port ${target.port} is already running`);
  if (!existsSync(join(target.data, 'meta.properties'))) throw new Error(`node ${node} has no formatted storage in ${target.data}`);
  const started = Date.now();
  const pid = spawnNode(target, heap);
  await waitReady(target, pid, Date.now() + 90_000);
  const startSeconds = Number(((Date.now() - started) / 1000).toFixed(1));
  log(`node ${node} ready on 127.0.0.1:${target.port} in ${startSeconds} s (pid ${pid})`);
  return { id: target.id, port: target.port, pid, startSeconds };
}

export async function brokerStatus({ port = 9092 } = {}) {
  const layouts = layoutsAt(port);
  // The layout that runs; if none does, the cluster made here last (else the single broker).
  const layout = layouts.find((l) => l.nodes.some((node) => isAlive(readPid(node.pid)))) ?? layouts.at(-1);
  const nodes = await Promise.all(
    layout.nodes.map(async (node) => {
      const pid = readPid(node.pid);
      return { id: node.id, port: node.port, running: Boolean(pid && isAlive(pid)), pid, listening: await portOpen(node.port) };
    }),
  );
  const first = nodes[0];
  return { running: nodes.some((n) => n.running), pid: first?.pid, listening: Boolean(first?.listening), brokers: layout.brokers, nodes };
}

async function cli() {
  const [command = 'status', ...rest] = process.argv.slice(2);
  const option = (name) => {
    const index = rest.indexOf(`--${name}`);
    return index >= 0 ? rest[index + 1] : undefined;
  };
  const port = Number(option('port') ?? process.env.KAFKA_LOCAL_PORT ?? 9092);
  const brokers = Number(option('brokers') ?? process.env.KAFKA_LOCAL_BROKERS ?? 1);
  const node = Number(option('node'));
  if (command === 'start') {
    const broker = await startLocalBroker({ port, brokers, keepData: rest.includes('--keep-data') });
    process.stdout.write(`${broker.brokers}\n`);
  } else if (command === 'stop') {
    log((await stopLocalBroker({ port })) ? 'broker stopped' : 'no broker was running');
  } else if (command === 'status') {
    process.stdout.write(`${JSON.stringify(await brokerStatus({ port }))}\n`);
  } else if (command === 'kill-node' || command === 'stop-node') {
    const signal = command === 'kill-node' ? 'SIGKILL' : 'SIGTERM';
    log((await stopLocalNode({ port, node, signal })) ? `node ${node} stopped (${signal})` : `node ${node} was not running`);
  } else if (command === 'start-node') {
    await startLocalNode({ port, node });
  } else if (command === 'jars') {
    await ensureJars();
  } else {
    throw new Error(`unknown command ${command}; use start | stop | status | kill-node | stop-node | start-node | jars`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((err) => {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
