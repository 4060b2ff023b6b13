import { afterAll, describe, expect, it } from 'vitest';
import { createKafkaClient } from '@firstsync/kafka';
import { quietLogger } from '@firstsync/testkit';
import { buildDashboard } from '../src/app';
import { loadDashboardConfig } from '../src/config';

// Behind https (DASHBOARD_COOKIE_SECURE=true): no broker is needed for the sign-in form, so the
// app is exercised with inject and a Kafka client that is never connected.
describe('secure deployment settings', () => {
  const config = loadDashboardConfig({ KAFKA_BROKERS: '127.0.0.1:1', DASHBOARD_COOKIE_SECURE: 'true', DASHBOARD_SESSION_SECRET: 'x'.repeat(40) });
  const dashboard = buildDashboard({ config, logger: quietLogger, kafka: createKafkaClient({ brokers: '127.0.0.1:1', clientId: 'unused' }, quietLogger) });
  afterAll(() => dashboard.app.close());

  it('uses a __Host- prefixed Secure, HttpOnly, SameSite=Strict cookie and sends HSTS', async () => {
    const response = await dashboard.app.inject({ method: 'GET', url: '/login' });
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-firstsync_session=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('keeps plain-http development cookies without the prefix and without HSTS', async () => {
    const dev = buildDashboard({ config: { ...config, cookieSecure: false }, logger: quietLogger, kafka: createKafkaClient({ brokers: '127.0.0.1:1', clientId: 'unused' }, quietLogger) });
    try {
      const response = await dev.app.inject({ method: 'GET', url: '/login' });
      expect(String(response.headers['set-cookie'])).toMatch(/^firstsync_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
      expect(response.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await dev.app.close();
    }
  });
});
