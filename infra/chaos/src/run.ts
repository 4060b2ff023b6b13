// The chaos suite as its own command:
//   node --import tsx infra/chaos/src/run.ts [--count 20000] [--duration 600] [--kills 2] [--brokers host:port | --brokers 3]
//     [--instances 2] [--broker-down-ms 60000] [--store postgres|memory]
// Without --brokers it runs a broker of its own on a spare port and restarts it once mid-run;
// `--brokers 3` (a number) makes that own broker a local 3-node KRaft cluster, of which one node is
// SIGKILLed and kept down for --broker-down-ms instead. `--instances 2` runs every service twice:
// kills take single instances, every service gets a rolling restart, delivery's group rebalances.
// Prints the figures and exits 1 unless every accepted consultation was delivered exactly once or
// dead-lettered with its reason, every pharmacy event reached its own pharmacy's webhook receiver
// (signed, in order per consultation), and no service ended in a way the plan did not cause.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeExitFaults, freePort, repoRoot } from '@firstsync/system-harness';
import { parseStoreChoice, startRunStores } from './run-store';
import { formatReport, runChaos } from './scenario';

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const count = Number(flag('count') ?? 20_000);
const durationSeconds = flag('duration');
const brokersFlag = flag('brokers');
// A number is the size of the run's own cluster; anything else is the address of an existing one.
const ownBrokerCount = brokersFlag && /^\d+$/.test(brokersFlag) ? Number(brokersFlag) : 1;
const brokers = ownBrokerCount === 1 ? brokersFlag : undefined;
// Every service line goes to a file (not memory), for diagnosing a run that did not settle.
const logFile = flag('log-file') ?? join(repoRoot, '.data', 'chaos', `run-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
mkdirSync(dirname(logFile), { recursive: true });
const logStream = createWriteStream(logFile);
process.stderr.write(`[chaos] service logs: ${logFile}\n`);
const cleanups: (() => Promise<void>)[] = [];
const stopNow = () => {
  process.stderr.write('[chaos] interrupted: stopping the services and the broker...\n');
  void Promise.allSettled([...cleanups].reverse().map((stop) => stop())).then(() => process.exit(130));
};
process.once('SIGINT', stopNow);
process.once('SIGTERM', stopNow);
// A real PostgreSQL server by default (the replicated shape shares it); `--store memory` for the quick form.
const runStores = await startRunStores(parseStoreChoice(flag('store'), 'postgres'), (msg) => process.stderr.write(`[chaos] ${msg}\n`));
cleanups.push(() => runStores.stop());
const report = await runChaos({
  count,
  ...(durationSeconds ? { durationMs: Number(durationSeconds) * 1000 } : {}),
  ...(brokers ? { brokers } : { ownBrokerPort: await freePort(20_000, 32_000), ownBrokerCount }),
  noBrokerRestart: process.argv.includes('--no-broker-restart'),
  instances: Number(flag('instances') ?? 1),
  stores: runStores.stores,
  ...(flag('broker-down-ms') ? { brokerDownMs: Number(flag('broker-down-ms')) } : {}),
  killsPerService: Number(flag('kills') ?? (count >= 5_000 ? 3 : 1)),
  batchSize: Number(flag('batch') ?? (count >= 5_000 ? 20 : 1)),
  concurrency: Number(flag('concurrency') ?? 8),
  settleTimeoutMs: Number(flag('settle-timeout') ?? 900) * 1000,
  // 20,000 consultations of log lines would only cost memory here.
  keepLogs: false,
  onLine: (line) => logStream.write(`${line.service}[${line.instance}]#${line.incarnation} ${line.line}\n`),
  onCleanup: (stop) => cleanups.push(stop),
  log: (msg) => process.stderr.write(`[chaos] ${msg}\n`),
});
process.stdout.write(`${formatReport(report)}\n`);
const exitFaults = describeExitFaults(report.exits);
if (exitFaults) process.stdout.write(`service exits the plan did not cause, or unclean ones:\n${exitFaults}\n`);
const a = report.accounting;
const ok =
  report.settled &&
  a.lost.length === 0 &&
  a.deliveredAsSeveralMessages.length === 0 &&
  a.poisonedDelivered.length === 0 &&
  a.deadLetteredWithoutReason.length === 0 &&
  a.deliveredAndDeadLettered.length === 0 &&
  report.submit.gaveUp.length === 0 &&
  report.webhooks.lost === 0 &&
  report.webhooks.wrongPharmacy === 0 &&
  report.webhooks.invalidSignatures === 0 &&
  report.webhooks.orderViolations === 0 &&
  report.webhooks.acceptedNotInFeed === 0 &&
  exitFaults === '';
await runStores.stop();
logStream.end();
process.exit(ok ? 0 : 1);
