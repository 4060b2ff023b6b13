// The hostile-input run as its own command:
//   node --import tsx infra/security/src/hostile-run.ts --brokers 127.0.0.1:29092 [--short] [--seed N]
//     [--fuzz 300] [--batches 3] [--flood 10500] [--wrong-passwords 20] [--settle-timeout 240]
// Starts the whole system (delivery over MESH to the simulated NHS side) on the broker given,
// fires the outside probe's attacks and a fuzzed set at ingest and the dashboard, prints the
// figures (requests tried, 2xx, 4xx by status, 5xx) and every check; exits 1 if a check failed.
import { formatHostileReport } from './hostile/report';
import { runHostile } from './hostile/run-hostile';

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const brokers = flag('brokers') ?? process.env.KAFKA_BROKERS;
if (!brokers) {
  process.stderr.write('give --brokers host:port (or KAFKA_BROKERS): e.g. `npm run kafka:start` first\n');
  process.exit(2);
}
const short = process.argv.includes('--short');
const cleanups: (() => Promise<void>)[] = [];
const stopNow = () => {
  process.stderr.write('[hostile] interrupted: stopping the services...\n');
  void Promise.allSettled(cleanups.map((stop) => stop())).then(() => process.exit(130));
};
process.once('SIGINT', stopNow);
process.once('SIGTERM', stopNow);

const report = await runHostile({
  brokers,
  short,
  seed: Number(flag('seed') ?? Date.now() % 1_000_000),
  fuzzCount: Number(flag('fuzz') ?? (short ? 40 : 300)),
  batches: Number(flag('batches') ?? 3),
  loginFlood: Number(flag('flood') ?? (short ? 200 : 10_500)),
  wrongPasswords: Number(flag('wrong-passwords') ?? 20),
  settleTimeoutMs: Number(flag('settle-timeout') ?? 240) * 1000,
  log: (msg) => process.stderr.write(`[hostile] ${msg}\n`),
  onCleanup: (stop) => cleanups.push(stop),
});
process.stdout.write(`${formatHostileReport(report)}\n`);
process.exit(report.checks.some((check) => check.result === 'fail') ? 1 : 0);
