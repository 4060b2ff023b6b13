import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockedTargetError, STRICT_TARGET_POLICY, safeLookup, type WebhookTargetPolicy } from '../src';

// A real loopback receiver and a real request through a Node HTTP agent (as pharmacy-notify sends
// webhooks): safeLookup must stop the connection itself, not only a check made beforehand.
describe('safeLookup in a Node HTTP agent against a real loopback server', () => {
  let server: Server;
  let port = 0;
  let requests = 0;
  const agents: Agent[] = [];
  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.end('ok');
    });
    // '::' accepts IPv4 too, so whichever address localhost resolves to first is served.
    await new Promise<void>((resolve) => server.listen(0, '::', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const agent of agents) agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  /** POSTs `{}` through an agent resolving with safeLookup(policy): the status and body, or what it failed with. */
  const post = (policy: WebhookTargetPolicy): Promise<{ status: number; body: string }> => {
    const agent = new Agent({ keepAlive: true, lookup: safeLookup(policy) });
    agents.push(agent);
    return new Promise((resolve, reject) => {
      const req = request(`http://localhost:${port}/hook`, { method: 'POST', agent }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end('{}');
    });
  };

  it('refuses http://localhost under the strict policy, before any byte reaches the server', async () => {
    const before = requests;
    const error = await post(STRICT_TARGET_POLICY).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isBlockedTargetError(error)).toBe(true);
    expect(requests).toBe(before);
  });

  it('lets the same request through when private targets are allowed', async () => {
    const before = requests;
    expect(await post({ ...STRICT_TARGET_POLICY, allowHttp: true, allowPrivate: true })).toEqual({ status: 200, body: 'ok' });
    expect(requests).toBe(before + 1);
  });
});
