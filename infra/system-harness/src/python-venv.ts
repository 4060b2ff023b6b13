import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The Python tools the tests run as outside judges (schemathesis, NHS England's MESH sandbox,
// kubernetes-validate) come from PyPI into virtualenvs under the ignored .data/ folder, created on
// first use with pip's progress shown and reused while their pinned requirements are unchanged.

export interface PythonTool {
  /** Names the tool in messages and its folder: `.data/<name>-venv-<hash of the requirements>`. */
  readonly name: string;
  /** pip requirement lines, each pinned (`package==version`). */
  readonly requirements: readonly string[];
  /** Python versions the tool supports, as [major, minor]; the first interpreter on PATH in range is used. */
  readonly python: { readonly min: readonly [number, number]; readonly max?: readonly [number, number] };
  /** Wheels only (no builds from source on the machine). */
  readonly onlyBinary?: boolean;
}

export interface PythonVenv {
  readonly dir: string;
  /** A program of the virtualenv (`python`, or a tool's CLI). */
  bin(program: string): string;
}

const version = (v: readonly [number, number]) => `(${v[0]}, ${v[1]})`;

function pythonCommand(tool: PythonTool): string {
  const { min, max } = tool.python;
  const check = `import sys; assert ${version(min)} <= sys.version_info[:2]${max ? ` <= ${version(max)}` : ''}`;
  for (const candidate of ['python3.11', 'python3.12', 'python3.13', 'python3']) {
    if (spawnSync(candidate, ['-c', check], { encoding: 'utf8' }).status === 0) return candidate;
  }
  const range = `${min.join('.')}${max ? `-${max.join('.')}` : ' or later'}`;
  throw new Error(`${tool.name} needs Python ${range}: none was found on PATH`);
}

/** Runs a command, passing each output line to `log` as it comes (pip's progress). */
function run(command: string, args: readonly string[], timeoutMs: number, log: (msg: string) => void): Promise<{ code: number; output: string }> {
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

/** The tool's virtualenv, installed first if its requirements are not there yet. */
export async function ensurePythonTool(repoRoot: string, tool: PythonTool, log: (msg: string) => void = () => {}): Promise<PythonVenv> {
  const requirements = `${tool.requirements.join('\n')}\n`;
  const key = createHash('sha256').update(requirements).digest('hex').slice(0, 12);
  const dir = join(repoRoot, '.data', `${tool.name}-venv-${key}`);
  const venv: PythonVenv = { dir, bin: (program) => join(dir, 'bin', program) };
  const marker = join(dir, '.installed');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === requirements) return venv;
  const started = Date.now();
  const python = pythonCommand(tool);
  log(`creating ${dir} (${python}) and installing ${tool.name} from PyPI (first run only)...`);
  const create = spawnSync(python, ['-m', 'venv', '--clear', dir], { encoding: 'utf8' });
  if (create.status !== 0) throw new Error(`could not create a Python virtualenv at ${dir}: ${create.stderr || create.stdout}`);
  const requirementsFile = join(dir, 'requirements.txt');
  writeFileSync(requirementsFile, requirements);
  // Asynchronous: a test worker blocked for the whole download would miss its RPC deadlines.
  const install = await run(
    venv.bin('pip'),
    ['install', '--disable-pip-version-check', '--progress-bar', 'off', ...(tool.onlyBinary ? ['--only-binary', ':all:'] : []), '-r', requirementsFile],
    240_000,
    log,
  );
  if (install.code !== 0) {
    throw new Error(`pip could not install ${tool.name} from PyPI (is PyPI reachable from this machine?):\n${install.output.slice(-2000)}`);
  }
  writeFileSync(marker, requirements);
  log(`${tool.name} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return venv;
}
