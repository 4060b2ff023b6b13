#!/usr/bin/env node
// `npm test`: installs what is missing, type-checks, lints, then runs both vitest projects (unit, and
// integration with e2e and browser) once; the integration project gets one real Kafka broker that the
// vitest global setup provides and removes.
// `npm run test:unit` (`--unit`) runs the unit project alone: no broker, no Java, no type-check or lint,
// so it answers in seconds. Any other arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages, ensureNodeDependencies, requireTool } from './lib/dependencies.mjs';
import { runOnPinnedRuntime } from './lib/runtime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const started = Date.now();
const unitOnly = process.argv.includes('--unit');
const vitestArgs = process.argv.slice(2).filter((arg) => arg !== '--unit');

// Everything below, and every process it starts, runs on the pinned supported Node.js.
await runOnPinnedRuntime(root);
if (unitOnly) {
  ensureNodeDependencies(root);
  process.exit(runVitest(['--project', 'unit', ...vitestArgs]));
}
requireTool('java', ['-version'], 'OpenJDK 17 runs the local Kafka broker and the FHIR validator');
requireTool('mvn', ['-v'], 'Maven fetches the Kafka and HAPI jars from Maven Central');
ensureNodeDependencies(root);
ensureDebianPackages();

process.stderr.write('[test] type-checking the workspace...\n');
const typecheck = spawnSync(bin('tsc'), ['-p', 'infra/tsconfig.typecheck.json'], { cwd: root, stdio: 'inherit' });
if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);

// Lint and format check (biome.json): fails on any lint error or unformatted file, writes nothing.
process.stderr.write('[test] linting and checking formatting...\n');
const lint = spawnSync(bin('biome'), ['ci', '.'], { cwd: root, stdio: 'inherit' });
if (lint.status !== 0) process.exit(lint.status ?? 1);

process.exit(runVitest(vitestArgs));

function runVitest(args) {
  const vitest = spawnSync(bin('vitest'), ['run', '--config', 'infra/vitest.config.ts', ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
  });
  process.stderr.write(`[test] finished in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return vitest.status ?? 1;
}
