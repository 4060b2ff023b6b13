// The benchmark run: every scenario against the real broker and real service processes, each
// beside its limit measured in the same run. A scenario that cannot run is reported as skipped
// so the command always completes; one that runs past its cap is abandoned and reported.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchReport, ClientRun, ScenarioResult } from './report/result';
import { machineLine, markdownTable, reportNotes } from './report/table';
import type { BenchContext } from './scenarios/context';
import { ingestScenario } from './scenarios/ingest';
import { mappingScenario } from './scenarios/mapping';
import { memoryScenario } from './scenarios/memory';
import { pipelineScenarios } from './scenarios/pipeline';
import { webhooksScenario } from './scenarios/webhooks';
import { stopAbandoned } from './system/cleanup';
import { SkipScenario } from './system/skip';

const brokers = process.env.KAFKA_BROKERS?.trim();
if (!brokers) {
  process.stderr.write('KAFKA_BROKERS is not set: run this through `pnpm bench` (infra/scripts/bench.mjs), which provides a broker\n');
  process.exit(2);
}
const brokerList: string = brokers;
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick') || process.env.BENCH_QUICK === '1';
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const log = (line: string) => process.stderr.write(`${line}\n`);

// Kafka clients to compare (packages/kafka picks its adapter from KAFKA_CLIENT; every service
// process inherits it from this process): both by default, side by side in one table.
const KNOWN_CLIENTS = ['kafkajs', 'platformatic'] as const;
type KafkaClientName = (typeof KNOWN_CLIENTS)[number];
const clientsArg = process.argv.find((arg) => arg.startsWith('--clients='))?.slice('--clients='.length);
const clients = (clientsArg ? clientsArg.split(',').map((c) => c.trim()) : [...KNOWN_CLIENTS]) as KafkaClientName[];
for (const client of clients) {
  if (!KNOWN_CLIENTS.includes(client)) {
    process.stderr.write(`--clients: unknown Kafka client ${client} (known: ${KNOWN_CLIENTS.join(', ')})\n`);
    process.exit(2);
  }
}

interface Step {
  readonly names: readonly string[];
  readonly capSeconds: number;
  run(context: BenchContext): Promise<void>;
}

/** The mapping scenario is in-process and does not touch Kafka: once per run. */
const mappingStep: Step = { names: ['mapping'], capSeconds: 40, run: async (context) => context.report(await mappingScenario(context)) };
/** Steps run once per Kafka client. */
const clientSteps: Step[] = [
  { names: ['ingest'], capSeconds: quick ? 90 : 100, run: async (context) => context.report(await ingestScenario(context)) },
  // End-to-end over FHIR REST (~90 s full), over MESH (~100 s) and recovery (~100 s) on one pipeline.
  { names: ['end-to-end', 'end-to-end-mesh', 'recovery'], capSeconds: quick ? 300 : 420, run: (context) => pipelineScenarios(context) },
  // Webhook fan-out: pharmacy-notify alone, fed pipeline events, delivering to a loopback receiver.
  { names: ['webhooks'], capSeconds: quick ? 120 : 240, run: async (context) => context.report(await webhooksScenario(context)) },
];

async function runStep(step: Step, results: ScenarioResult[], peakRss: BenchContext['peakRss']): Promise<void> {
  const started = Date.now();
  log(`\n== ${step.names.join(' + ')} (cap ${step.capSeconds} s) ==`);
  const reported = new Set<string>();
  const abort = new AbortController();
  const context: BenchContext = {
    brokers: brokerList,
    quick,
    log,
    peakRss,
    signal: abort.signal,
    deadlineMs: started + step.capSeconds * 1000,
    report: (result) => {
      if (abort.signal.aborted) return;
      reported.add(result.scenario);
      results.push(result);
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SkipScenario(`did not finish within its ${step.capSeconds} s cap`)), step.capSeconds * 1000);
  });
  try {
    await Promise.race([step.run(context), cap]);
  } catch (err) {
    const reason = err instanceof SkipScenario ? err.message : `failed: ${err instanceof Error ? err.message : String(err)}`;
    log(`  skipped: ${reason}`);
    abort.abort();
    await stopAbandoned();
    for (const scenario of step.names.filter((name) => !reported.has(name)))
      results.push({ scenario, status: 'skipped', seconds: (Date.now() - started) / 1000, reason, metrics: [] });
  } finally {
    clearTimeout(timer);
  }
}

const wanted = (step: Step) => !only || step.names.some((name) => only.includes(name));
const startedAt = new Date();
const loadAtStart = loadavg();
log(`[bench] load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')}; Kafka clients: ${clients.join(', ')}`);
const shared: ScenarioResult[] = [];
if (wanted(mappingStep)) await runStep(mappingStep, shared, new Map());
const runs: ClientRun[] = [];
for (const client of clients) {
  process.env.KAFKA_CLIENT = client;
  log(`\n######## Kafka client: ${client} ########`);
  const results: ScenarioResult[] = [];
  const peakRss: BenchContext['peakRss'] = new Map();
  for (const step of clientSteps) if (wanted(step)) await runStep(step, results, peakRss);
  if (!only || only.includes('memory')) results.push(memoryScenario(peakRss));
  runs.push({ client, loadAverageAfter: loadavg(), scenarios: results });
}
const loadAtEnd = loadavg();

const cpu = cpus();
const report: BenchReport = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  machine: {
    cpus: cpu[0]?.model.trim() ?? 'unknown CPU',
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadAtStart,
    loadAverageAtEnd: loadAtEnd,
  },
  broker: process.env.BENCH_BROKER_KIND ?? 'external',
  mode: quick ? 'quick' : 'full',
  clients,
  scenarios: shared,
  runs,
};
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, quick ? 'latest-quick.json' : 'latest.json');
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

process.stdout.write(`\n${machineLine(report)} (free memory at end ${(freemem() / 1024 ** 3).toFixed(1)} GB)\n\n${markdownTable(report)}\n\n`);
for (const line of reportNotes(report)) process.stdout.write(`- ${line}\n`);
process.stdout.write(`\nwritten to ${file}\n`);
// Kafka clients and keep-alive sockets may linger; the report is written, so end here.
process.exit(0);
