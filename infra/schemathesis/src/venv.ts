import { ensurePythonTool } from '@firstsync/system-harness';

/** Pinned so a run today and a run in CI fuzz with the same checks. */
export const SCHEMATHESIS_REQUIREMENT = 'schemathesis==4.32.5';

/** schemathesis from PyPI in a virtualenv under .data/ (first use installs it); returns the path of its CLI. */
export async function ensureSchemathesis(repoRoot: string, log: (msg: string) => void = () => {}): Promise<string> {
  const venv = await ensurePythonTool(repoRoot, { name: 'schemathesis', requirements: [SCHEMATHESIS_REQUIREMENT], python: { min: [3, 10] } }, log);
  return venv.bin('schemathesis');
}
