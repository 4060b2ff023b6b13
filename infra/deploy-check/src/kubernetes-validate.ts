// kubernetes-validate (PyPI) in a virtualenv under the ignored .data/ folder: created on first use,
// reused while the pinned requirement is unchanged (as infra/schemathesis installs schemathesis).
import { spawn } from 'node:child_process';
import { ensurePythonTool } from '@firstsync/system-harness';

/** Pinned so every run validates against the same bundled schemas. */
export const KUBERNETES_VALIDATE_REQUIREMENT = 'kubernetes-validate==1.37.0';

/**
 * The Kubernetes API version the manifests must be valid for: the oldest minor a deployment is
 * expected to run on (policy/v1 PodDisruptionBudget, seccompProfile, topologySpreadConstraints
 * are all GA well before it). Raise it when the supported clusters move on.
 */
export const KUBERNETES_VERSION = '1.35.0';

/** Installs kubernetes-validate on first use (with pip's progress) and returns the path of its CLI. */
export async function ensureKubernetesValidate(repoRoot: string, log: (msg: string) => void = () => {}): Promise<string> {
  const tool = { name: 'kubernetes-validate', requirements: [KUBERNETES_VALIDATE_REQUIREMENT], python: { min: [3, 10] as const } };
  return (await ensurePythonTool(repoRoot, tool, log)).bin('kubernetes-validate');
}

/** Runs a command to its end, with its output. */
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
