import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One configuration for the whole workspace so one broker serves every suite.
// Unit tests (`*.test.ts`) are pure; integration tests (`*.int.test.ts`) talk to the real broker
// and real HTTP on loopback, so they run with less parallelism on this 2-core machine.
const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  test: {
    globalSetup: ['infra/test-setup/kafka-global-setup.ts'],
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'infra/**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest 4 folded poolOptions.forks.maxForks into maxWorkers (minForks is gone).
    maxWorkers: 2,
    reporters: ['default'],
  },
});
