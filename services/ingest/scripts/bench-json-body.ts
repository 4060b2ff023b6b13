/**
 * How much the strict body parser costs against what Fastify did before (secure-json-parse: JSON.parse
 * plus a prototype-key check), per typical consultation body and per 100-item batch.
 *   node --import tsx services/ingest/scripts/bench-json-body.ts
 */
import { createRequire } from 'node:module';
import { fixtures } from '@firstsync/contracts/fixtures';
import { parseStrictJson } from '../src/json/strict-json';

// Fastify's own JSON parser, loaded the way Fastify loads it (it is not a dependency of ingest).
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const secureJson = fromFastify('secure-json-parse') as { parse(text: string, reviver: undefined, options: object): unknown };

function perCallMicros(label: string, body: Buffer, parse: (body: Buffer) => unknown): number {
  for (let i = 0; i < 2_000; i += 1) parse(body);
  const rounds: number[] = [];
  for (let round = 0; round < 7; round += 1) {
    const calls = Math.max(200, Math.floor(4_000_000 / body.length));
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) parse(body);
    rounds.push(Number(process.hrtime.bigint() - start) / 1_000 / calls);
  }
  const median = rounds.sort((a, b) => a - b)[3] ?? Number.NaN;
  process.stdout.write(`${label.padEnd(44)} ${median.toFixed(2).padStart(8)} µs\n`);
  return median;
}

const lenient = (body: Buffer) => secureJson.parse(body.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' });
const strict = (body: Buffer) => {
  const result = parseStrictJson(body);
  if (!result.ok) throw new Error(result.failure.kind);
  return result.value;
};

for (const [name, consultation] of [
  ['typical consultation', fixtures.infectedInsectBite],
  ['100-item batch', { consultations: Array.from({ length: 100 }, () => fixtures.infectedInsectBite) }],
] as const) {
  const body = Buffer.from(JSON.stringify(consultation));
  process.stdout.write(`\n${name}: ${body.length} bytes\n`);
  const plain = perCallMicros('JSON.parse(buffer.toString())', body, (b) => JSON.parse(b.toString('utf8')));
  const before = perCallMicros('before: secure-json-parse (Fastify default)', body, lenient);
  const after = perCallMicros('after: parseStrictJson', body, strict);
  process.stdout.write(
    `strict costs ${(after - before).toFixed(2)} µs more than before (${((after / before - 1) * 100).toFixed(0)} %), ${(after / plain).toFixed(2)}x JSON.parse\n`,
  );
}
