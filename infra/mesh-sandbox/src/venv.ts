import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePythonTool } from '@firstsync/system-harness';

/** The PyPI release of NHS England's MESH sandbox this suite judges our client with. */
export const MESH_SANDBOX_VERSION = '1.0.137';

const REQUIREMENTS = join(import.meta.dirname, '..', 'requirements.txt');

/**
 * mesh-sandbox and every dependency pinned in requirements.txt (pip freeze of a clean install), in
 * a virtualenv under .data/ (first use installs it, wheels only). Returns the venv's python.
 */
export async function ensureMeshSandbox(repoRoot: string, log: (msg: string) => void = () => {}): Promise<string> {
  const requirements = readFileSync(REQUIREMENTS, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  // mesh-sandbox supports Python 3.11-3.13.
  const tool = { name: `mesh-sandbox-${MESH_SANDBOX_VERSION}`, requirements, python: { min: [3, 11], max: [3, 13] }, onlyBinary: true } as const;
  return (await ensurePythonTool(repoRoot, tool, log)).bin('python');
}
