#!/usr/bin/env node
// A real PostgreSQL server from Debian's `postgresql` package, started by the project on a port of
// its choosing, for machines without Docker (mirrors infra/kafka-local). Dependency-free on purpose.
//
//   node infra/postgres-local/postgres-local.mjs start [--port 55432]   # initdb + start, prints the URL
//   node infra/postgres-local/postgres-local.mjs stop  [--port 55432]
//   node infra/postgres-local/postgres-local.mjs status [--port 55432]
//
// PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user the
// Debian package creates and every server command runs through `runuser -u postgres`; as any other
// user it runs as that user. The cluster lives in the system temp directory (a user other than root
// may not be able to enter the repository) and listens on 127.0.0.1 only, with a generated password.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const log = (msg) => process.stderr.write(`[postgres-local] ${msg}\n`);
const PG_ROOT = '/usr/lib/postgresql';
const SERVICE_USER = 'postgres';
const DATABASE_USER = 'firstsync';

/** The newest installed server's bin directory (Debian puts each major version under /usr/lib/postgresql/N). */
function serverBin() {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(PG_ROOT, versions[0], 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** Installs Debian's `postgresql` when missing (as root, like infra/scripts/lib/dependencies.mjs does for its packages). */
export function ensurePostgresInstalled() {
  const present = serverBin();
  if (present) return { bin: present, installedSeconds: 0 };
  if (!isRoot()) throw new Error('PostgreSQL is not installed and this is not root: install Debian\'s "postgresql" package');
  log('installing Debian package postgresql (apt-get)...');
  const started = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Two test files may arrive here at once: the second waits for dpkg's lock, then finds it installed.
  const wait = ['-o', 'DPkg::Lock::Timeout=300'];
  spawnSync('apt-get', [...wait, 'update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', [...wait, 'install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  const bin = serverBin();
  if (install.status !== 0 || !bin) throw new Error(`apt-get install postgresql failed (exit ${install.status})`);
  const installedSeconds = Number(((Date.now() - started) / 1000).toFixed(1));
  log(`postgresql installed in ${installedSeconds} s`);
  return { bin, installedSeconds };
}

function serviceUid() {
  const id = spawnSync('id', ['-u', SERVICE_USER], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', SERVICE_USER], { encoding: 'utf8' });
  if (id.status !== 0 || gid.status !== 0) throw new Error(`running as root needs the "${SERVICE_USER}" system user (created by Debian's postgresql package)`);
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

// runuser lives in sbin, which a non-login root shell (or a CI step's PATH) may not list.
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path)) ?? 'runuser';

/** Runs a server tool as the cluster's owner. */
function runAsOwner(bin, tool, args) {
  const command = join(bin, tool);
  const result = isRoot()
    ? spawnSync(RUNUSER, ['-u', SERVICE_USER, '--', command, ...args], { encoding: 'utf8', cwd: tmpdir() })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  return result;
}

/** A TCP port free on 127.0.0.1 right now (tests start a server of their own on it). */
export function sparePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePromise(address.port) : reject(new Error('no spare port'))));
    });
  });
}

export function clusterPaths(port) {
  const dir = join(process.env.FIRSTSYNC_POSTGRES_HOME ?? tmpdir(), `firstsync-postgres-${port}`);
  return { dir, data: join(dir, 'data'), log: join(dir, 'server.log'), url: join(dir, 'url'), pwfile: join(dir, 'pwfile') };
}

/**
 * Creates a fresh cluster in a temp directory and starts it on 127.0.0.1:`port`; resolves with the
 * connection URL once the server accepts connections. `durable: false` turns off fsync (tests:
 * their data is thrown away, and fsync dominates the run on a small machine).
 */
export async function startLocalPostgres({ port = 55432, durable = true } = {}) {
  const { bin, installedSeconds } = ensurePostgresInstalled();
  const p = clusterPaths(port);
  if (existsSync(join(p.data, 'postmaster.pid'))) await stopLocalPostgres({ port });
  rmSync(p.dir, { recursive: true, force: true });
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(p.pwfile, `${password}\n`, { mode: 0o600 });
  if (isRoot()) {
    const { uid, gid } = serviceUid();
    chownSync(p.dir, uid, gid);
    chownSync(p.pwfile, uid, gid);
  }
  const started = Date.now();
  const init = runAsOwner(bin, 'initdb', [
    '-D',
    p.data,
    '-U',
    DATABASE_USER,
    `--pwfile=${p.pwfile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    '--no-instructions',
  ]);
  rmSync(p.pwfile, { force: true });
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${p.dir}`,
    '-c max_connections=60',
    '-c shared_buffers=64MB',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  const start = runAsOwner(bin, 'pg_ctl', ['-D', p.data, '-l', p.log, '-o', settings, '-w', '-t', '60', 'start']);
  if (start.status !== 0) {
    const tail = existsSync(p.log) ? readFileSync(p.log, 'utf8').slice(-3000) : '';
    throw new Error(`PostgreSQL did not start:\n${start.stdout}\n${start.stderr}\n${tail}`);
  }
  const url = `postgres://${DATABASE_USER}:${password}@127.0.0.1:${port}/postgres`;
  writeFileSync(p.url, `${url}\n`, { mode: 0o600 });
  const startSeconds = Number(((Date.now() - started) / 1000).toFixed(1));
  log(`server ready on 127.0.0.1:${port} in ${startSeconds} s (initdb + start; log ${p.log})`);
  return { url, port, startSeconds, installedSeconds, dir: p.dir };
}

/** Fast shutdown (rolls back open transactions, checkpoints), then the cluster is removed. Idempotent. */
export async function stopLocalPostgres({ port = 55432, keepData = false } = {}) {
  const p = clusterPaths(port);
  const bin = serverBin();
  let stopped = false;
  if (bin && existsSync(join(p.data, 'postmaster.pid'))) {
    const stop = runAsOwner(bin, 'pg_ctl', ['-D', p.data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    if (stop.status !== 0) throw new Error(`pg_ctl stop failed:\n${stop.stdout}\n${stop.stderr}`);
    stopped = true;
  }
  if (!keepData) rmSync(p.dir, { recursive: true, force: true });
  return stopped;
}

export function postgresStatus({ port = 55432 } = {}) {
  const p = clusterPaths(port);
  const bin = serverBin();
  if (!bin || !existsSync(p.data)) return { installed: Boolean(bin), running: false };
  const status = runAsOwner(bin, 'pg_ctl', ['-D', p.data, 'status']);
  return { installed: true, running: status.status === 0, url: existsSync(p.url) ? readFileSync(p.url, 'utf8').trim() : undefined };
}

async function cli() {
  const [command = 'status', ...rest] = process.argv.slice(2);
  const portIndex = rest.indexOf('--port');
  const port = portIndex >= 0 ? Number(rest[portIndex + 1]) : Number(process.env.POSTGRES_LOCAL_PORT ?? 55432);
  if (command === 'start') process.stdout.write(`${(await startLocalPostgres({ port })).url}\n`);
  else if (command === 'stop') log((await stopLocalPostgres({ port })) ? 'server stopped' : 'no server was running');
  else if (command === 'status') process.stdout.write(`${JSON.stringify(postgresStatus({ port }))}\n`);
  else if (command === 'install') ensurePostgresInstalled();
  else throw new Error(`unknown command ${command}; use start | stop | status | install`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((err) => {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
