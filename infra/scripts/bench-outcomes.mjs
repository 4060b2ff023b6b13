#!/usr/bin/env node
// `npm run bench:outcomes -- [--facts=N] [--stores=pglite,postgres] [--batch=N] [--rounds=N] [--absorb-only=RECORDS] [--pglite=shared_buffers=512MB]`: the
// outcomes store at national scale (issue #17) on the pinned Node.js, without a broker (the store
// alone: absorb rate and view times). Not part of npm test or `pnpm bench`. See infra/benchmarks/README.md.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeDependencies } from './lib/dependencies.mjs';
import { runOnPinnedRuntime } from './lib/runtime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
await runOnPinnedRuntime(root);
ensureNodeDependencies(root);
const child = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', 'src/outcomes/main.ts', ...process.argv.slice(2)], {
  cwd: join(root, 'infra', 'benchmarks'),
  stdio: 'inherit',
});
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
process.exit(await new Promise((done) => child.on('exit', (status, signal) => done(status ?? (signal ? 1 : 0)))));
