// Mapping microbenchmark: microseconds per consultation -> Update Record message, over every
// shared fixture, after a warm-up so the JIT has settled. Not a test: it prints numbers only.
// Run: pnpm --filter @firstsync/update-record bench  (BENCH_ITERATIONS to change the sample size)
import { performance } from 'node:perf_hooks';
import { createConsultationSchema } from '@firstsync/contracts';
import { FIXTURE_NOW, fixtures } from '@firstsync/contracts/fixtures';
import { buildUpdateRecordMessage, validateUpdateRecordMessage } from '../src/index';

const schema = createConsultationSchema({ now: () => FIXTURE_NOW });
const consultations = Object.values(fixtures)
  .map((input) => schema.parse(input))
  .filter((c) => c.consentToShareWithGp);
const options = { builtAt: '2026-03-10T18:00:00Z', senderMeshMailbox: 'FIRSTSYNC01' };
const iterations = Number(process.env.BENCH_ITERATIONS ?? 20_000);
const warmUp = Math.max(1_000, Math.floor(iterations / 5));

type Step = (index: number) => unknown;

function consultationAt(index: number): (typeof consultations)[number] {
  const consultation = consultations[index % consultations.length];
  if (consultation === undefined) throw new Error('no fixture consents to sharing with the GP');
  return consultation;
}

const steps: Record<string, Step> = {
  build: (i) => buildUpdateRecordMessage(consultationAt(i), options),
  'build + validate': (i) => validateUpdateRecordMessage(buildUpdateRecordMessage(consultationAt(i), options).bundle),
  'build + validate + JSON.stringify (what the mapper does)': (i) => {
    const built = buildUpdateRecordMessage(consultationAt(i), options);
    validateUpdateRecordMessage(built.bundle);
    return JSON.stringify(built.bundle);
  },
};

// Keeps results alive so the optimiser cannot drop the work.
let sink = 0;

function measure(step: Step): { meanUs: number; p50Us: number; p99Us: number } {
  for (let i = 0; i < warmUp; i += 1) sink += step(i) === undefined ? 0 : 1;
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    sink += step(i) === undefined ? 0 : 1;
    samples[i] = performance.now() - start;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 1000;
  return { meanUs: (total / iterations) * 1000, p50Us: at(0.5), p99Us: at(0.99) };
}

console.log(
  `update-record mapping benchmark: ${consultations.length} fixtures, ${warmUp} warm-up + ${iterations} measured runs per step, node ${process.version}`,
);
for (const [name, step] of Object.entries(steps)) {
  const { meanUs, p50Us, p99Us } = measure(step);
  console.log(`${name.padEnd(58)} mean ${meanUs.toFixed(1).padStart(7)} µs   p50 ${p50Us.toFixed(1).padStart(7)} µs   p99 ${p99Us.toFixed(1).padStart(7)} µs`);
}
if (sink < 0) console.log(sink);
