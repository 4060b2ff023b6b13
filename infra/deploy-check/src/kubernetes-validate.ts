// kubernetes-validate (PyPI) in a virtualenv under the ignored .data/ folder: created on first use,
// reused while the pinned requirement is unchanged (as infra/schemathesis installs schemathesis).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Pinned so every run validates against the same bundled schemas. */
export const KUBERNETES_VALIDATE_REQUIREMENT = 'kubernetes-validate==1.37.0';

/**
 * The Kubernetes API version the manifests must be valid for: the oldest minor a deployment is
 * expected to run on (policy/v1 PodDisruptionBudget, seccompProfile, topologySpreadConstraints
 * are all GA well before it). Raise it when the supported clusters move on.
 */
export const KUBERNETES_VERSION = '1.35.0';

function pythonCommand(): string {
  for (const candidate of ['python3.11', 'python3.12', 'python3.13', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import sys; assert sys.version_info >= (3, 10)'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error('kubernetes-validate needs Python 3.10 or later: none was found on PATH');
}

function run(command: string, args: readonly string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) => resolve({ code: 1, output: `${output}${err.message}` }));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Installs kubernetes-validate on first use (logging each step) and returns the path of its CLI. */
export async function ensureKubernetesValidate(repoRoot: string, log: (msg: string) => void = () => {}): Promise<string> {
  const venv = join(repoRoot, '.data', 'kubernetes-validate-venv');
  const cli = join(venv, 'bin', 'kubernetes-validate');
  const marker = join(venv, '.requirement');
  if (existsSync(cli) && existsSync(marker) && readFileSync(marker, 'utf8') === KUBERNETES_VALIDATE_REQUIREMENT) return cli;
  const started = Date.now();
  const python = pythonCommand();
  log(`creating ${venv} (${python})...`);
  const create = spawnSync(python, ['-m', 'venv', '--clear', venv], { encoding: 'utf8' });
  if (create.status !== 0) throw new Error(`could not create a Python virtualenv at ${venv}: ${create.stderr || create.stdout}`);
  log(`installing ${KUBERNETES_VALIDATE_REQUIREMENT} from PyPI...`);
  // Asynchronous: a test worker blocked for the whole download would miss its RPC deadlines.
  const install = await run(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', KUBERNETES_VALIDATE_REQUIREMENT], 240_000);
  if (install.code !== 0) {
    throw new Error(
      `pip could not install ${KUBERNETES_VALIDATE_REQUIREMENT} from PyPI (is PyPI reachable from this machine?):\n${install.output.slice(-2000)}`,
    );
  }
  writeFileSync(marker, KUBERNETES_VALIDATE_REQUIREMENT);
  log(`installed ${KUBERNETES_VALIDATE_REQUIREMENT} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return cli;
}

export interface ValidationResult {
  readonly exitCode: number;
  readonly output: string;
  /** `kind/name` of every resource it reported as valid. */
  readonly passed: readonly string[];
  /** Its ERROR lines. */
  readonly errors: readonly string[];
}

/** Validates `files` strictly (unknown fields are errors) against KUBERNETES_VERSION. */
export async function validateManifests(cli: string, files: readonly string[]): Promise<ValidationResult> {
  const { code, output } = await run(cli, ['--strict', '--kubernetes-version', KUBERNETES_VERSION, ...files], 60_000);
  const lines = output.split('\n');
  return {
    exitCode: code,
    output,
    passed: lines.flatMap((line) => /passed for resource (\S+)/.exec(line)?.[1] ?? []),
    errors: lines.filter((line) => line.startsWith('ERROR')),
  };
}
