import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createMeshClient } from '../src/client';
import { MeshNetworkError } from '../src/errors';
import { startLoopbackServer } from './loopback-server';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const credentials = { mailboxId: 'X26FS001', password: 'pw', sharedKey: 'TestKey' };

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function tlsServer() {
  const server = await startLoopbackServer(() => ({ status: 200 }), {
    cert: fixture('server.pem'),
    key: fixture('server.key'),
    ca: fixture('ca.pem'),
    requestCert: true,
    rejectUnauthorized: true,
  });
  close = server.close;
  return { server };
}

describe('MESH client over mutual TLS', () => {
  it('presents its client certificate and verifies the server against the given CA', async () => {
    const { server } = await tlsServer();
    const client = createMeshClient({
      baseUrl: server.baseUrl,
      credentials,
      tls: { cert: fixture('client.pem'), key: fixture('client.key'), ca: fixture('ca.pem') },
      timeoutMs: 5_000,
    });
    try {
      await client.handshake();
      expect(server.requests).toHaveLength(1);
    } finally {
      client.close();
    }
  });

  it('fails with a network error when no client certificate is presented', async () => {
    const { server } = await tlsServer();
    const client = createMeshClient({ baseUrl: server.baseUrl, credentials, tls: { cert: '', key: '', ca: fixture('ca.pem') }, timeoutMs: 5_000 });
    try {
      await expect(client.handshake()).rejects.toBeInstanceOf(MeshNetworkError);
      expect(server.requests).toHaveLength(0);
    } finally {
      client.close();
    }
  });

  it('refuses a server whose certificate is not signed by the trusted CA', async () => {
    const { server } = await tlsServer();
    const client = createMeshClient({
      baseUrl: server.baseUrl,
      credentials,
      tls: { cert: fixture('client.pem'), key: fixture('client.key'), ca: fixture('client.pem') },
      timeoutMs: 5_000,
    });
    try {
      const error = await client.handshake().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MeshNetworkError);
      expect(server.requests).toHaveLength(0);
    } finally {
      client.close();
    }
  });
});
