import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One configuration, two projects. `unit` (`*.test.ts`) is pure: no broker, no child processes,
// so `npm run test:unit` finishes in seconds. `integration` (`*.int.test.ts`) talks to one real
// broker (the global setup acquires it once for every suite) and real HTTP on loopback.
// `npm test` runs both; on this 2-core machine two forks keep the integration suites from starving.
const root = fileURLToPath(new URL('..', import.meta.url));
const testDirs = ['packages/*/test/**/', 'services/*/test/**/', 'infra/**/test/**/'];

export default defineConfig({
  root,
  test: {
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest 4 folded poolOptions.forks.maxForks into maxWorkers (minForks is gone).
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: testDirs.map((dir) => `${dir}*.test.ts`),
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: testDirs.map((dir) => `${dir}*.int.test.ts`),
          globalSetup: ['infra/test-setup/kafka-global-setup.ts'],
        },
      },
    ],
  },
});
