import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockedTargetError, STRICT_TARGET_POLICY, safeLookup, type WebhookTargetPolicy } from '../src';

// A real loopback receiver and a real undici request: safeLookup must stop the connection itself,
// not only a check made beforehand.
describe('safeLookup in an undici Agent against a real loopback server', () => {
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
    await Promise.all(agents.map((agent) => agent.close()));
    await new Promise((resolve) => server.close(resolve));
  });

  const agentFor = (policy: WebhookTargetPolicy) => {
    const agent = new Agent({ connect: { lookup: safeLookup(policy), timeout: 5_000 } });
    agents.push(agent);
    return agent;
  };

  it('refuses http://localhost under the strict policy, before any byte reaches the server', async () => {
    const before = requests;
    const error = await request(`http://localhost:${port}/hook`, { method: 'POST', body: '{}', dispatcher: agentFor(STRICT_TARGET_POLICY) }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isBlockedTargetError(error)).toBe(true);
    expect(requests).toBe(before);
  });

  it('lets the same request through when private targets are allowed', async () => {
    const before = requests;
    const response = await request(`http://localhost:${port}/hook`, {
      method: 'POST',
      body: '{}',
      dispatcher: agentFor({ ...STRICT_TARGET_POLICY, allowHttp: true, allowPrivate: true }),
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe('ok');
    expect(requests).toBe(before + 1);
  });
});
