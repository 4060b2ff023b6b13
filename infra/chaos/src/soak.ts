// The soak as its own command:
//   node --import tsx infra/chaos/src/soak.ts [--minutes 10] [--rate 100] [--instances 2] [--brokers 3 | --brokers host:port]
//     [--sample-seconds 10] [--warm-up-seconds 120] [--settle-timeout 600] [--store postgres|memory]
// Starts the system as the chaos run does (a broker or cluster of its own unless given one), offers
// --rate consultations/s for --minutes, samples every service process's RSS, then reads every
// accepted consultation's status back through ingest and judges it against the pipeline events
// and where the consultation really ended. Exits 1 on anything lost or untruthful, or, for runs of
// 5 minutes or more, on RSS that keeps growing after warm-up.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, repoRoot } from '@firstsync/system-harness';
import { formatAvailability } from './availability';
import { parseStoreChoice, startRunStores } from './run-store';
import { runSoak, type SoakReport } from './soak-run';

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const minutes = Number(flag('minutes') ?? 10);
const brokersFlag = flag('brokers');
const ownBrokerCount = brokersFlag && /^\d+$/.test(brokersFlag) ? Number(brokersFlag) : 1;
const brokers = ownBrokerCount === 1 ? brokersFlag : undefined;
const durationMs = minutes * 60_000;
// Long enough for the JIT, the connection pools and the first heap growth; the rest is judged.
const warmUpMs = Number(flag('warm-up-seconds') ?? Math.min(120, (minutes * 60) / 5)) * 1000;
const logFile = flag('log-file') ?? join(repoRoot, '.data', 'soak', `run-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
mkdirSync(dirname(logFile), { recursive: true });
const logStream = createWriteStream(logFile);
process.stderr.write(`[soak] service logs: ${logFile}\n`);
const cleanups: (() => Promise<void>)[] = [];
const stopNow = () => {
  process.stderr.write('[soak] interrupted: stopping the services and the broker...\n');
  void Promise.allSettled([...cleanups].reverse().map((stop) => stop())).then(() => process.exit(130));
};
process.once('SIGINT', stopNow);
process.once('SIGTERM', stopNow);
// A real PostgreSQL server by default (the replicated shape shares it); `--store memory` for the quick form.
const runStores = await startRunStores(parseStoreChoice(flag('store'), 'postgres'), (msg) => process.stderr.write(`[soak] ${msg}\n`));
cleanups.push(() => runStores.stop());

const report = await runSoak({
  ratePerSecond: Number(flag('rate') ?? 100),
  durationMs,
  ...(brokers ? { brokers } : { ownBrokerPort: await freePort(20_000, 32_000), ownBrokerCount }),
  instances: Number(flag('instances') ?? 1),
  stores: runStores.stores,
  sampleEveryMs: Number(flag('sample-seconds') ?? 10) * 1000,
  warmUpMs,
  settleTimeoutMs: Number(flag('settle-timeout') ?? 600) * 1000,
  onLine: (line) => logStream.write(`${line.service}[${line.instance}]#${line.incarnation} ${line.line}\n`),
  onCleanup: (stop) => cleanups.push(stop),
  log: (msg) => process.stderr.write(`[soak] ${msg}\n`),
});

const judgeRss = minutes >= 5;
process.stdout.write(`${formatSoak(report, judgeRss)}\n`);
const a = report.accounting;
const t = report.truth;
const ok =
  report.settled &&
  report.gaveUp === 0 &&
  a.lost.length === 0 &&
  a.deliveredAsSeveralMessages.length === 0 &&
  t.truthful === t.read &&
  t.contradictsGp.length === 0 &&
  (!judgeRss || report.trends.every((trend) => trend.flat));
await runStores.stop();
logStream.end();
process.exit(ok ? 0 : 1);

function formatSoak(r: SoakReport, rssJudged: boolean): string {
  const mb = (n: number) => n.toFixed(0).padStart(5);
  const seconds = [...new Set(r.rss.map((s) => s.atS))].sort((x, y) => x - y);
  const processes = [...new Set(r.rss.map((s) => s.process))];
  return [
    `offered                     ${r.offered} at ${((r.offered / r.sendingMs) * 1000).toFixed(1)}/s over ${(r.sendingMs / 1000).toFixed(1)} s`,
    `accepted by ingest          ${r.accepted} (gave up ${r.gaveUp})`,
    `ingest availability         ${formatAvailability(r.availability)}`,
    `delivered exactly once      ${r.accounting.deliveredOnce}, dead-lettered ${r.accounting.deadLettered}, LOST ${r.accounting.lost.length}, several messages ${r.accounting.deliveredAsSeveralMessages.length}, duplicates on the wire ${r.accounting.duplicatesOnWire}`,
    `settled                     ${r.settled}`,
    `statuses read back          ${r.truth.read} in ${(r.readMs / 1000).toFixed(1)} s: truthful ${r.truth.truthful}, wrong ${r.truth.wrong.length}, unanswered ${r.truth.unanswered.length}, contradicting the GP side ${r.truth.contradictsGp.length}`,
    `states answered             ${JSON.stringify(r.truth.states)}`,
    ...r.truth.wrong.slice(0, 5).map((w) => `  wrong: ${w.consultationId} answered ${w.answered}, events say ${w.expected}`),
    ...r.truth.unanswered.slice(0, 5).map((u) => `  unanswered: ${u.consultationId} (${u.status})`),
    `RSS (MB) after warm-up -> end${rssJudged ? '' : ' (run shorter than 5 minutes: shown, not judged)'}:`,
    ...r.trends.map(
      (t) =>
        `  ${t.process.padEnd(20)} first ${mb(t.firstMb)}  after warm-up ${mb(t.afterWarmUpMb)}  end ${mb(t.endMb)}  max ${mb(t.maxMb)}  growth ${(t.growth * 100).toFixed(1).padStart(6)}%  ${t.flat ? 'flat' : 'GROWING'}`,
    ),
    'RSS over time (MB):',
    `  ${'s'.padEnd(20)} ${seconds.map((s) => String(s).padStart(5)).join(' ')}`,
    ...processes.map((p) => `  ${p.padEnd(20)} ${seconds.map((s) => mb(r.rss.find((x) => x.process === p && x.atS === s)?.mb ?? Number.NaN)).join(' ')}`),
  ].join('\n');
}
