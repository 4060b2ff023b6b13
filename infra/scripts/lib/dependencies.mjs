// Installs what a fresh clone is missing, so `npm start` and `npm test` are the only commands a
// newcomer needs. Dependency-free: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pinnedPnpm(root) {
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return packageManager; // e.g. pnpm@10.34.8
}

/** pnpm as pinned in package.json: a matching global pnpm, else npx (corepack's signature check fails here). */
export function pnpmCommand(root) {
  const pinned = pinnedPnpm(root);
  const version = pinned.split('@')[1];
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === version) return { command: 'pnpm', prefix: [] };
  return { command: 'npx', prefix: ['--yes', pinned] };
}

export function ensureNodeDependencies(root) {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing Node dependencies with pnpm (frozen lockfile)...');
  const pnpm = pnpmCommand(root);
  const status = run(pnpm.command, [...pnpm.prefix, 'install', '--frozen-lockfile'], { cwd: root, env: { ...process.env, COREPACK_ENABLE_STRICT: '0' } });
  if (status !== 0) throw new Error(`pnpm install failed (exit ${status})`);
}

export function requireTool(command, args, hint) {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  if (probe.status !== 0 && probe.error) throw new Error(`${command} is required: ${hint}`);
}

/**
 * Debian packages the test command needs: chromium for the dashboard's browser tests (test tools
 * must not download their own browser) and python3-aiosmtpd for the loopback SMTP server that
 * receives NHSmail fallbacks, prometheus for promtool (the alert rules' test). Installed with apt-get when running as root; otherwise named.
 */
const DEBIAN_PACKAGES = [
  { name: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { name: 'python3-aiosmtpd', present: () => spawnSync('/usr/bin/python3', ['-c', 'import aiosmtpd'], { stdio: 'ignore' }).status === 0 },
  // promtool (in Debian's prometheus package) checks and unit-tests infra/prometheus/alerts.yml.
  { name: 'prometheus', present: () => existsSync('/usr/bin/promtool') },
];

export function ensureDebianPackages(names = DEBIAN_PACKAGES.map((pkg) => pkg.name)) {
  const missing = DEBIAN_PACKAGES.filter((pkg) => names.includes(pkg.name) && !pkg.present()).map((pkg) => pkg.name);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    log(`missing Debian packages (${missing.join(', ')}) and this is not root: install them for the browser and mail tests`);
    return;
  }
  log(`installing Debian packages: ${missing.join(', ')} (apt-get)...`);
  run('apt-get', ['update', '-qq']);
  const status = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
}
