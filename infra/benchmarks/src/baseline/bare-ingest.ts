import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEntry, stopAll } from '@firstsync/service-runner';
import { onAbandon } from '../system/cleanup';

export interface BareServer {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Spawns the bare Fastify baseline in its own process and resolves once it listens. It is bundled
 * and run as plain Node exactly as the services are, so the ratio compares code, not loaders.
 */
export async function startBareIngest(timeoutMs = 30_000): Promise<BareServer> {
  const bundle = await bundleEntry(join(here, 'bare-ingest-server.ts'), join(here, '..', '..', 'dist', 'bare-ingest-server.mjs'));
  const child = spawn(process.execPath, [bundle], {
    cwd: join(here, '..', '..'),
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bare Fastify server did not listen within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        const forget = onAbandon(() => stopAll([child], 5_000));
        resolve({
          url: `http://127.0.0.1:${match[1]}`,
          child,
          stop: async () => {
            forget();
            await stopAll([child], 5_000);
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bare Fastify server exited (${code}): ${output.slice(-300)}`));
    });
  });
}
