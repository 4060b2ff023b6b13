import { createKafkaClient } from '@firstsync/kafka';
import { quietLogger } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../src/app';
import { loadDashboardConfig } from '../src/config';

// Behind https (DASHBOARD_COOKIE_SECURE=true): no broker is needed for the sign-in form, so the
// app is exercised with inject and a Kafka client that is never connected.
describe('secure deployment settings', () => {
  const config = loadDashboardConfig({ KAFKA_BROKERS: '127.0.0.1:1', DASHBOARD_COOKIE_SECURE: 'true', DASHBOARD_SESSION_SECRET: 'x'.repeat(40) });
  const dashboard = buildDashboard({ config, logger: quietLogger, kafka: createKafkaClient({ brokers: '127.0.0.1:1', clientId: 'unused' }, quietLogger) });
  afterAll(() => dashboard.app.close());

  it('uses __Host- prefixed Secure, HttpOnly, SameSite=Strict cookies (form, session, device) and sends HSTS', async () => {
    const response = await dashboard.app.inject({ method: 'GET', url: '/login' });
    expect(response.statusCode).toBe(200);
    const form = String(response.headers['set-cookie']);
    expect(form).toMatch(/^__Host-firstsync_login=[^;]+; Max-Age=3600; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');

    const token = defined(/name="_csrf" value="([^"]+)"/.exec(response.body)?.[1], 'the form token');
    const login = await dashboard.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: defined(form.split(';')[0], 'the form cookie'), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, username: 'operator', password: 'operator-demo-password' }).toString(),
    });
    expect(login.statusCode).toBe(303);
    const set = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    for (const name of ['__Host-firstsync_session', '__Host-firstsync_device']) {
      const cookie = set.find((c) => c.startsWith(`${name}=`));
      expect(cookie, name).toMatch(/; Path=\/(;|$)/);
      expect(cookie, name).toMatch(/; Secure/);
      expect(cookie, name).toMatch(/; HttpOnly/);
      expect(cookie, name).toMatch(/; SameSite=Strict/);
      expect(cookie, name).not.toMatch(/Domain=/i);
    }
  });

  it('keeps plain-http development cookies without the prefix and without HSTS', async () => {
    const dev = buildDashboard({
      config: { ...config, DASHBOARD_COOKIE_SECURE: false },
      logger: quietLogger,
      kafka: createKafkaClient({ brokers: '127.0.0.1:1', clientId: 'unused' }, quietLogger),
    });
    try {
      const response = await dev.app.inject({ method: 'GET', url: '/login' });
      expect(String(response.headers['set-cookie'])).toMatch(/^firstsync_login=[^;]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Strict$/);
      expect(response.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await dev.app.close();
    }
  });
});
