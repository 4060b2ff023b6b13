import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeshCredentials, MeshTlsOptions } from '@firstsync/mesh';
import { freePort } from '@firstsync/system-harness';
import { ensureMeshSandbox } from './venv';

const HERE = import.meta.dirname;

/** The mailboxes of data/mailboxes.jsonl (sandbox test values, no real mailbox). */
export const SANDBOX_MAILBOXES = {
  /** Our sending mailbox (pharmacy side). */
  sender: { mailboxId: 'X26FS001', password: 'firstsync-sandbox-password', odsCode: 'X26' },
  /** A practice registered to receive GPCONNECT_UPDATE_RECORD (data/workflows.jsonl). */
  practice: { mailboxId: 'A81001OT001', password: 'practice-sandbox-password', odsCode: 'A81001' },
  /** A practice with a mailbox but no Update Record registration. */
  unregisteredPractice: { mailboxId: 'A81002OT001', password: 'practice-sandbox-password', odsCode: 'A81002' },
} as const;

export interface MeshSandbox {
  /** `https://127.0.0.1:<port>` (the client appends /messageexchange). */
  readonly baseUrl: string;
  readonly sharedKey: string;
  /** Client certificate, key and the CA that signed the sandbox's server certificate. */
  readonly tls: MeshTlsOptions;
  credentials(mailbox: { mailboxId: string; password: string }): MeshCredentials;
  /** A testing-only admin call of the sandbox (`/messageexchange/admin/...`), JSON in and out. */
  admin(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Everything the sandbox printed (its own log), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartMeshSandboxOptions {
  repoRoot: string;
  log?: (msg: string) => void;
  /** How long to wait for the sandbox to answer. Default 30 s. */
  startTimeoutMs?: number;
}

/**
 * Installs (once) and starts NHS England's mesh-sandbox on a free loopback port with full
 * authentication: the NHSMESH token checked against each mailbox's password and a shared key made
 * for this run, over TLS that requires a client certificate. State is in memory only.
 */
export async function startMeshSandbox(options: StartMeshSandboxOptions): Promise<MeshSandbox> {
  const log = options.log ?? (() => {});
  const python = await ensureMeshSandbox(options.repoRoot, log);
  const port = await freePort();
  const pki = mkdtempSync(join(tmpdir(), 'mesh-sandbox-pki-'));
  const sharedKey = randomBytes(16).toString('hex');
  let output = '';
  const child: ChildProcess = spawn(python, [join(HERE, 'serve.py')], {
    env: {
      PATH: process.env.PATH ?? '',
      AUTH_MODE: 'full',
      STORE_MODE: 'memory',
      SHARED_KEY: sharedKey,
      FIRSTSYNC_MESH_SANDBOX_DATA: join(HERE, '..', 'data'),
      FIRSTSYNC_MESH_SANDBOX_PORT: String(port),
      FIRSTSYNC_MESH_SANDBOX_PKI: pki,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(pki, { recursive: true, force: true });
  };

  const baseUrl = `https://127.0.0.1:${port}`;
  let tls: MeshTlsOptions | null = null;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  const started = Date.now();
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (tls === null && existsSync(join(pki, 'client.key'))) {
      tls = { cert: readFileSync(join(pki, 'client.pem')), key: readFileSync(join(pki, 'client.key')), ca: readFileSync(join(pki, 'ca.pem')) };
    }
    if (
      tls !== null &&
      (await call(baseUrl, tls, 'GET', '/health').then(
        (r) => r.status === 200,
        () => false,
      ))
    ) {
      log(`mesh-sandbox up on ${baseUrl} in ${Date.now() - started} ms (AUTH_MODE=full, STORE_MODE=memory, mutual TLS)`);
      const ready = tls;
      return {
        baseUrl,
        sharedKey,
        tls: ready,
        credentials: (mailbox) => ({ mailboxId: mailbox.mailboxId, password: mailbox.password, sharedKey }),
        admin: (method, path, body) => call(baseUrl, ready, method, `/messageexchange/admin/${path}`, body),
        output: () => output,
        stop,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`mesh-sandbox did not start on ${baseUrl}:\n${output.slice(-3000)}`);
}

function call(baseUrl: string, tls: MeshTlsOptions, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      new URL(path, baseUrl),
      { method, ...tls, headers: payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}, timeout: 5_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text === '' ? null : JSON.parse(text);
          } catch {
            // not JSON: kept as text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}
