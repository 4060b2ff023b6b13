#!/usr/bin/env node
// A real SMTP server on loopback for dev and tests (python3-aiosmtpd; see smtp_sink.py).
// Received mail is stored as <maildir>/<time>-<id>.eml plus a .json with the envelope.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SINK = fileURLToPath(new URL('./smtp_sink.py', import.meta.url));
const START_TIMEOUT_MS = 15_000;

function canImportAiosmtpd(python) {
  return spawnSync(python, ['-c', 'import aiosmtpd'], { stdio: 'ignore' }).status === 0;
}

/**
 * Debian's python3-aiosmtpd lives in /usr/bin/python3, which is not always the python3 on PATH
 * (pyenv). SMTP_PYTHON overrides; otherwise the first interpreter that can import aiosmtpd wins.
 */
export function findPython(env = process.env) {
  const candidates = [env.SMTP_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
  const found = candidates.find(canImportAiosmtpd);
  if (!found) throw new Error('no python with aiosmtpd found: apt-get install -y python3-aiosmtpd (or pip install aiosmtpd; set SMTP_PYTHON)');
  return found;
}

/** Starts the sink; resolves once it listens. `port` 0 (default) picks a free port. */
export async function startSmtp({ port = 0, host = '127.0.0.1', maildir, python } = {}) {
  if (!maildir) throw new Error('startSmtp needs a maildir');
  await mkdir(maildir, { recursive: true });
  const child = spawn(python ?? findPython(), [SINK, '--host', host, '--port', String(port), '--maildir', maildir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const listening = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`smtp sink did not start in ${START_TIMEOUT_MS} ms: ${stderr.trim()}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
      const match = /READY (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`smtp sink exited with ${code} before it listened: ${stderr.trim()}`));
    });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { host, port: listening, maildir, pid: child.pid, child, exited };
}

/** Stops a sink started by startSmtp (SIGTERM, then SIGKILL if it hangs). */
export async function stopSmtp(server) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
  await server.exited;
  clearTimeout(timer);
}

/** Every message received so far, oldest first: { file, raw, mailFrom, rcptTos }. */
export async function readMaildir(maildir) {
  const names = (await readdir(maildir).catch(() => [])).filter((n) => n.endsWith('.eml')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(maildir, name);
      const raw = await readFile(file, 'utf8');
      const envelope = JSON.parse(await readFile(file.replace(/\.eml$/, '.json'), 'utf8').catch(() => '{}'));
      return { file, raw, mailFrom: envelope.mailFrom ?? null, rcptTos: envelope.rcptTos ?? [] };
    }),
  );
}

function argValue(args, name, fallback) {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
}

// CLI: node infra/smtp/smtp-server.mjs [--port 2525] [--host 127.0.0.1] [--maildir .data/mail]
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const server = await startSmtp({
    port: Number(argValue(args, '--port', process.env.SMTP_PORT ?? '2525')),
    host: argValue(args, '--host', process.env.SMTP_HOST ?? '127.0.0.1'),
    maildir: path.resolve(argValue(args, '--maildir', process.env.SMTP_MAILDIR ?? '.data/mail')),
  });
  console.log(`smtp sink listening on ${server.host}:${server.port}, mail in ${server.maildir}`);
  const stop = () => stopSmtp(server).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await server.exited;
}
