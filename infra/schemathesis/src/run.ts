// `node --import tsx infra/schemathesis/src/run.ts [--max-examples N] [--seed S]`: fuzzes the ingest
// API with schemathesis against KAFKA_BROKERS (or a broker chosen as `npm start` does).
import { fuzzIngest } from './fuzz-ingest';

interface AcquiredBroker {
  brokers: string;
  release: () => Promise<void>;
}
// Loaded by URL: broker-selection.mjs has no type declarations (it runs before `pnpm install`).
const { acquireBroker } = (await import(new URL('../../kafka-local/broker-selection.mjs', import.meta.url).href)) as {
  acquireBroker: (options: { port: number }) => Promise<AcquiredBroker>;
};
const arg = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const broker = await acquireBroker({ port: Number(process.env.KAFKA_LOCAL_PORT ?? 29092) });
try {
  const seed = arg('--seed');
  const result = await fuzzIngest({
    brokers: broker.brokers,
    maxExamples: Number(arg('--max-examples') ?? 50),
    ...(seed ? { seed: Number(seed) } : {}),
    log: (msg) => process.stderr.write(`[schemathesis] ${msg}\n`),
  });
  process.stdout.write(result.output);
  process.stdout.write(`\n[schemathesis] seed ${result.seed}, ${result.operations} operations, ${result.testCases} test cases, exit ${result.exitCode}\n`);
  process.exitCode = result.exitCode;
} finally {
  await broker.release();
}
