// Brings in the Node.js runtime firstsync runs on when the machine's own `node` is older (a fresh
// machine may still have an end-of-life Node 20). The binary comes from the npm registry's `node`
// package family (`node-<platform>-<arch>`, which ships `bin/node` inside the package), is checked
// against the registry's sha512 integrity, cached per version, and then runs this very script again
// with its bin directory first on PATH, so every process the command starts (pnpm, tsc, vitest, the
// services, the benchmarks) gets the same runtime.
// Dependency-free on purpose: it runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const log = (msg) => process.stderr.write(`[runtime] ${msg}\n`);
const REEXEC_MARK = 'FIRSTSYNC_RUNTIME';

/** The exact runtime version pinned in package.json (`firstsync.node`); `engines.node` names its line. */
export function pinnedRuntime(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const version = manifest.firstsync?.node;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error('package.json must pin the runtime as firstsync.node, e.g. "26.12.1"');
  }
  return version;
}

function cacheRoot() {
  if (process.env.FIRSTSYNC_RUNTIME_CACHE) return process.env.FIRSTSYNC_RUNTIME_CACHE;
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'firstsync', 'runtime');
}

function registryUrl() {
  const probe = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
  const url = probe.status === 0 ? probe.stdout.trim() : '';
  return (url.startsWith('http') ? url : 'https://registry.npmjs.org/').replace(/\/?$/, '/');
}

async function packageDist(packageName, version) {
  const response = await fetch(`${registryUrl()}${packageName}/${version}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the npm registry has no ${packageName}@${version} (HTTP ${response.status})`);
  const manifest = await response.json();
  if (!manifest.dist?.tarball || !manifest.dist?.integrity?.startsWith('sha512-')) {
    throw new Error(`${packageName}@${version} has no sha512 integrity in the registry`);
  }
  return manifest.dist;
}

/** Streams the tarball to disk, printing progress, and refuses it unless it matches the registry's integrity. */
async function download(dist, destination) {
  const response = await fetch(dist.tarball);
  if (!response.ok || !response.body) throw new Error(`downloading ${dist.tarball} failed (HTTP ${response.status})`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const hash = createHash('sha512');
  let received = 0;
  let lastReport = 0;
  const meter = new Transform({
    transform(chunk, _encoding, callback) {
      hash.update(chunk);
      received += chunk.length;
      if (Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        const mb = (received / 1e6).toFixed(1);
        log(total > 0 ? `  ${mb} of ${(total / 1e6).toFixed(1)} MB (${Math.round((received / total) * 100)}%)` : `  ${mb} MB`);
      }
      callback(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body), meter, createWriteStream(destination));
  const integrity = `sha512-${hash.digest('base64')}`;
  if (integrity !== dist.integrity) throw new Error(`${dist.tarball} does not match the registry's integrity; refused`);
  log(`  ${(received / 1e6).toFixed(1)} MB, integrity verified`);
}

/** Path of the cached `node` binary of `version`, fetching it from the npm registry when absent. */
export async function ensureRuntime(version) {
  const packageName = `node-${process.platform}-${process.arch}`;
  const home = join(cacheRoot(), `${packageName}-${version}`);
  const binary = join(home, 'bin', 'node');
  if (existsSync(binary)) return binary;
  log(`Node.js ${version} is not cached: fetching ${packageName}@${version} from the npm registry...`);
  const started = Date.now();
  mkdirSync(dirname(home), { recursive: true });
  const staging = `${home}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const tarball = join(staging, 'package.tgz');
    await download(await packageDist(packageName, version), tarball);
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1', 'package/bin/node'], { stdio: 'inherit' });
    if (untar.status !== 0) throw new Error('unpacking the runtime failed (tar)');
    rmSync(tarball);
    // A rename is atomic, so two commands starting at once never see half a runtime.
    if (!existsSync(binary)) renameSync(staging, home);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  log(`Node.js ${version} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (cached in ${home})`);
  return binary;
}

/**
 * Runs the calling script on the pinned runtime. On the pinned version already it returns; otherwise
 * it runs the same script with the same arguments on the cached runtime and exits with its status.
 */
export async function runOnPinnedRuntime(root) {
  const version = pinnedRuntime(root);
  if (process.versions.node === version) return;
  if (process.env[REEXEC_MARK]) throw new Error(`expected Node.js ${version}, running ${process.versions.node}`);
  const binary = await ensureRuntime(version);
  log(`system node is ${process.versions.node}; running on Node.js ${version}`);
  const env = { ...process.env, [REEXEC_MARK]: version, PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(binary, process.argv.slice(1), { stdio: 'inherit', env });
  // The child owns shutdown (start.mjs stops every service on Ctrl-C): this process only passes
  // signals on and waits, so the shell prompt never comes back before the system has stopped.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const status = await new Promise((resolveExit, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
  });
  process.exit(status);
}
