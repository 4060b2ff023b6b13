import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Stand-alone config for `pnpm exec vitest run --root infra/fhir-validator`: without it vitest finds
// infra/vitest.config.ts (Kafka global setup, workspace-wide includes). The root config also picks up
// infra/fhir-validator/test/*.test.ts, so the suite runs in the full test run too.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 900_000, // first run on a clean machine builds the validator with Maven
    reporters: ['default'],
  },
});
