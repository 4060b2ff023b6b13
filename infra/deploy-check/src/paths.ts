import { fileURLToPath } from 'node:url';

/** The repository root (this file is infra/deploy-check/src/paths.ts). */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
