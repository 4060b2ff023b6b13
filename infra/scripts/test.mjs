#!/usr/bin/env node
// `npm test`: installs what is missing, type-checks, lints, then runs every test (unit, integration, e2e,
// browser) once against one real Kafka broker that the vitest global setup provides and removes.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages, ensureNodeDependencies, requireTool } from './lib/dependencies.mjs';
import { runOnPinnedRuntime } from './lib/runtime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const started = Date.now();

// Everything below, and every process it starts, runs on the pinned supported Node.js.
await runOnPinnedRuntime(root);
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

const vitest = spawnSync(bin('vitest'), ['run', '--config', 'infra/vitest.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
});
process.stderr.write(`[test] finished in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.exit(vitest.status ?? 1);
