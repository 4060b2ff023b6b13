#!/usr/bin/env node
// A real single-node Apache Kafka (KRaft) broker from Maven Central jars, for machines without
// Docker. Dependency-free on purpose: it must work before `pnpm install` has run.
//
//   node infra/kafka-local/kafka-local.mjs start [--port 9092]   # start in the background, wait until ready
//   node infra/kafka-local/kafka-local.mjs stop  [--port 9092]
//   node infra/kafka-local/kafka-local.mjs status [--port 9092]
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

function paths(port) {
  const dir = join(kafkaHome, `broker-${port}`);
  return {
    dir,
    data: join(dir, 'data'),
    log: join(dir, 'server.out'),
    pid: join(dir, 'broker.pid'),
    props: join(dir, 'server.properties'),
    log4j: join(dir, 'log4j.properties'),
  };
}

function serverProperties(port, dataDir) {
  const controllerPort = port + 1;
  // Single node, combined mode, static quorum. Small thread pools and RF=1 everywhere because this
  // runs on a 2-core machine beside the services; initial rebalance delay 0 keeps tests fast.
  return `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=${dataDir}
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=33554432
log.retention.check.interval.ms=60000
delete.topic.enable=true
`;
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

/**
 * Starts a broker on 127.0.0.1:`port` and resolves once it is RUNNING. Storage is fresh unless
 * `keepData` is set and an earlier run on that port left formatted storage (the chaos suite restarts
 * the broker mid-run and must keep every acknowledged record).
 * The broker is detached (own process group) so Ctrl-C on a parent does not kill it half-way;
 * callers stop it with stopLocalBroker.
 */
export async function startLocalBroker({ port = 9092, heap = '512m', keepData = false } = {}) {
  await ensureJars();
  const p = paths(port);
  const stale = readPid(p.pid);
  if (stale && isAlive(stale)) {
    log(`a broker from an earlier run is still alive (pid ${stale}); stopping it first`);
    await stopLocalBroker({ port });
  }
  if (await portOpen(port)) throw new Error(`port ${port} is already in use; set KAFKA_BROKERS to use that broker or choose another port`);
  const reuse = keepData && existsSync(join(p.data, 'meta.properties'));
  const started = Date.now();
  const classpath = `${libDir}/*`;
  const logConfig = `-Dlog4j.configuration=file:${p.log4j}`;
  if (!reuse) {
    rmSync(p.dir, { recursive: true, force: true });
    mkdirSync(p.data, { recursive: true });
    writeFileSync(p.props, serverProperties(port, p.data));
    writeFileSync(p.log4j, LOG4J);
    // Kafka's cluster ids are 16 random bytes in unpadded base64url that must not start with '-'.
    let clusterId;
    do clusterId = randomBytes(16).toString('base64url');
    while (clusterId.startsWith('-'));
    const format = spawnSync(
      'java',
      ['-Xmx256m', logConfig, '-cp', classpath, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', p.props],
      { encoding: 'utf8' },
    );
    if (format.status !== 0) throw new Error(`formatting Kafka storage failed:\n${format.stdout}\n${format.stderr}`);
  } else {
    // The ready check reads the log, so a restart must not see the previous run's "started" line.
    rmSync(p.log, { force: true });
  }
  const out = openSync(p.log, 'a');
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
      logConfig,
      '-cp',
      classpath,
      'kafka.Kafka',
      p.props,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  writeFileSync(p.pid, String(child.pid));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const text = existsSync(p.log) ? readFileSync(p.log, 'utf8') : '';
    if (READY_PATTERNS.some((pattern) => text.includes(pattern)) && (await portOpen(port))) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      log(`broker ready on 127.0.0.1:${port} in ${seconds} s (pid ${child.pid}, log ${p.log})`);
      return { brokers: `127.0.0.1:${port}`, pid: child.pid, port, startSeconds: Number(seconds) };
    }
    if (!isAlive(child.pid)) throw new Error(`the Kafka broker exited during start-up; last log lines:\n${text.slice(-3000)}`);
    await sleep(250);
  }
  await stopLocalBroker({ port });
  throw new Error('the Kafka broker did not become ready within 90 s');
}

/** SIGTERM (controlled shutdown), then SIGKILL after a grace period. Idempotent. */
export async function stopLocalBroker({ port = 9092, graceMs = 15_000 } = {}) {
  const p = paths(port);
  const pid = readPid(p.pid);
  if (!pid || !isAlive(pid)) {
    rmSync(p.pid, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    log(`broker pid ${pid} ignored SIGTERM for ${graceMs} ms; killing it`);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
  rmSync(p.pid, { force: true });
  return true;
}

export async function brokerStatus({ port = 9092 } = {}) {
  const pid = readPid(paths(port).pid);
  return { running: Boolean(pid && isAlive(pid)), pid, listening: await portOpen(port) };
}

async function cli() {
  const [command = 'status', ...rest] = process.argv.slice(2);
  const portIndex = rest.indexOf('--port');
  const port = portIndex >= 0 ? Number(rest[portIndex + 1]) : Number(process.env.KAFKA_LOCAL_PORT ?? 9092);
  if (command === 'start') {
    const broker = await startLocalBroker({ port });
    process.stdout.write(`${broker.brokers}\n`);
  } else if (command === 'stop') {
    log((await stopLocalBroker({ port })) ? 'broker stopped' : 'no broker was running');
  } else if (command === 'status') {
    process.stdout.write(`${JSON.stringify(await brokerStatus({ port }))}\n`);
  } else if (command === 'jars') {
    await ensureJars();
  } else {
    throw new Error(`unknown command ${command}; use start | stop | status | jars`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((err) => {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
