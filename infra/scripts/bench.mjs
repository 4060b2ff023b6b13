#!/usr/bin/env node
// `pnpm bench`: installs what is missing, acquires a Kafka broker the way `npm start` does
// (KAFKA_BROKERS, else Docker, else a local JVM broker on its own port), then runs the benchmark
// package (infra/benchmarks) against it and releases the broker. Arguments are passed on:
//   --quick            short runs (development, smoke)
//   --only=a,b         scenarios: mapping, ingest, end-to-end, recovery, memory
// Prints a markdown table and writes infra/benchmarks/results/latest.json.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeDependencies } from './lib/dependencies.mjs';
import { runOnPinnedRuntime } from './lib/runtime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Everything below, and every process it starts, runs on the pinned supported Node.js.
await runOnPinnedRuntime(root);
ensureNodeDependencies(root);
const { acquireBroker } = await import('../kafka-local/broker-selection.mjs');

// A port of its own, so a benchmark never stops the broker of a running `npm start` or test run.
let broker;
try {
  broker = await acquireBroker({ port: Number(process.env.BENCH_KAFKA_LOCAL_PORT ?? 19392) });
} catch (err) {
  process.stderr.write(`[bench] no Kafka broker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
process.stderr.write(`[bench] Kafka at ${broker.brokers} (${broker.kind}${broker.startSeconds ? `, started in ${broker.startSeconds.toFixed(1)} s` : ''})\n`);

const env = { ...process.env, KAFKA_BROKERS: broker.brokers, BENCH_BROKER_KIND: broker.kind };

const benchDir = join(root, 'infra', 'benchmarks');
const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...process.argv.slice(2)], {
  cwd: benchDir,
  env,
  stdio: 'inherit',
});

let released = false;
async function release() {
  if (released) return;
  released = true;
  await broker.release();
}
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));

const code = await new Promise((resolveExit) => child.on('exit', (status, signal) => resolveExit(status ?? (signal ? 1 : 0))));
await release();
process.exit(code);
