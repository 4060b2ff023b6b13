import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Pinned so a run today and a run in CI fuzz with the same checks. */
export const SCHEMATHESIS_REQUIREMENT = 'schemathesis==4.32.5';

function pythonCommand(): string {
  for (const candidate of ['python3.11', 'python3.12', 'python3.13', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import sys; assert sys.version_info >= (3, 10)'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error('schemathesis needs Python 3.10 or later (python3.11 on this machine): none was found on PATH');
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) => resolve({ code: 1, output: `${output}${err.message}` }));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * A virtualenv under the ignored .data/ folder with schemathesis from PyPI, created on first use
 * and reused while the pinned requirement is unchanged. Returns the path of the `schemathesis` CLI.
 */
export async function ensureSchemathesis(repoRoot: string, log: (msg: string) => void = () => {}): Promise<string> {
  const venv = join(repoRoot, '.data', 'schemathesis-venv');
  const cli = join(venv, 'bin', 'schemathesis');
  const marker = join(venv, '.requirement');
  if (existsSync(cli) && existsSync(marker) && readFileSync(marker, 'utf8') === SCHEMATHESIS_REQUIREMENT) return cli;
  const python = pythonCommand();
  log(`creating ${venv} and installing ${SCHEMATHESIS_REQUIREMENT} from PyPI...`);
  const create = spawnSync(python, ['-m', 'venv', '--clear', venv], { encoding: 'utf8' });
  if (create.status !== 0) throw new Error(`could not create a Python virtualenv at ${venv}: ${create.stderr || create.stdout}`);
  // Asynchronous: a test worker blocked for the whole download would miss its RPC deadlines.
  const install = await run(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', SCHEMATHESIS_REQUIREMENT], 240_000);
  if (install.code !== 0) {
    throw new Error(`pip could not install ${SCHEMATHESIS_REQUIREMENT} from PyPI (is PyPI reachable from this machine?):\n${install.output.slice(-2000)}`);
  }
  writeFileSync(marker, SCHEMATHESIS_REQUIREMENT);
  return cli;
}
