import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The PyPI release of NHS England's MESH sandbox this suite judges our client with. */
export const MESH_SANDBOX_VERSION = '1.0.137';

const REQUIREMENTS = join(import.meta.dirname, '..', 'requirements.txt');

function pythonCommand(): string {
  // mesh-sandbox supports Python 3.11-3.13.
  for (const candidate of ['python3.11', 'python3.12', 'python3.13', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import sys; assert (3, 11) <= sys.version_info[:2] <= (3, 13)'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error('mesh-sandbox needs Python 3.11-3.13 (python3.11 on this machine): none was found on PATH');
}

/** Runs a command, passing each output line to `log` as it comes (pip's progress). */
function run(command: string, args: string[], timeoutMs: number, log: (msg: string) => void): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { timeout: timeoutMs });
    let output = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim() !== '') log(`  pip: ${line.trim()}`);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (err) => resolve({ code: 1, output: `${output}${err.message}` }));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * A virtualenv under the ignored .data/ folder holding the pinned requirements.txt, created on
 * first use and reused while that file is unchanged (its hash names the folder, so a version bump
 * installs beside the old one instead of over it). Returns the venv's python.
 */
export async function ensureMeshSandbox(repoRoot: string, log: (msg: string) => void = () => {}): Promise<string> {
  const requirements = readFileSync(REQUIREMENTS, 'utf8');
  const key = createHash('sha256').update(requirements).digest('hex').slice(0, 12);
  const venv = join(repoRoot, '.data', `mesh-sandbox-venv-${MESH_SANDBOX_VERSION}-${key}`);
  const python = join(venv, 'bin', 'python');
  const marker = join(venv, '.installed');
  if (existsSync(python) && existsSync(marker)) return python;
  log(`creating ${venv} and installing mesh-sandbox ${MESH_SANDBOX_VERSION} from PyPI (first run only)...`);
  const started = Date.now();
  const create = spawnSync(pythonCommand(), ['-m', 'venv', '--clear', venv], { encoding: 'utf8' });
  if (create.status !== 0) throw new Error(`could not create a Python virtualenv at ${venv}: ${create.stderr || create.stdout}`);
  // Asynchronous: a test worker blocked for the whole download would miss its RPC deadlines.
  const install = await run(
    join(venv, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--progress-bar', 'off', '--only-binary', ':all:', '-r', REQUIREMENTS],
    240_000,
    log,
  );
  if (install.code !== 0) {
    throw new Error(
      `pip could not install mesh-sandbox ${MESH_SANDBOX_VERSION} from PyPI (is PyPI reachable from this machine?):\n${install.output.slice(-2000)}`,
    );
  }
  writeFileSync(marker, `${requirements}\n`);
  log(`mesh-sandbox ${MESH_SANDBOX_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return python;
}
