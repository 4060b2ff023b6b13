import { DEFAULT_RETRY_SCHEDULE_MS, DEVELOPMENT_SECRET_KEY_BASE64 } from '@firstsync/standard-webhooks';
import { describe, expect, it } from 'vitest';
import { dispatchConfigOf } from '../src/app';
import { heapNeededMb, isDevelopmentSecretKey, loadPharmacyNotifyConfig, targetPolicyOf } from '../src/config';

describe('pharmacy-notify configuration', () => {
  it('defaults to port 8084, the strict target policy, the default schedule and the development key', () => {
    const config = loadPharmacyNotifyConfig({});
    expect(config.PORT).toBe(8084);
    expect(targetPolicyOf(config)).toEqual({ allowHttp: false, allowPrivate: false, allowCidrs: [] });
    expect(isDevelopmentSecretKey(config)).toBe(true);
    expect(config.INGEST_API_KEYS).toBeUndefined();
    expect(dispatchConfigOf(config)).toMatchObject({ timeoutMs: 10_000, maxConcurrent: 256, retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS });
    expect(config.FEED_MAX_EVENTS_PER_PHARMACY).toBe(10_000);
    expect(config.FEED_MAX_EVENTS).toBe(40_000);
    expect(config.PROJECTOR_MAX_CONSULTATIONS).toBe(20_000);
  });

  it('reads the memory bounds and refuses a bound of zero', () => {
    const config = loadPharmacyNotifyConfig({ FEED_MAX_EVENTS: '2000', FEED_MAX_EVENTS_PER_PHARMACY: '500', PROJECTOR_MAX_CONSULTATIONS: '300' });
    expect([config.FEED_MAX_EVENTS, config.FEED_MAX_EVENTS_PER_PHARMACY, config.PROJECTOR_MAX_CONSULTATIONS]).toEqual([2_000, 500, 300]);
    expect(() => loadPharmacyNotifyConfig({ FEED_MAX_EVENTS: '0' })).toThrow('FEED_MAX_EVENTS');
    expect(() => loadPharmacyNotifyConfig({ PROJECTOR_MAX_CONSULTATIONS: '0' })).toThrow('PROJECTOR_MAX_CONSULTATIONS');
  });

  it('the default bounds fit the heap budget (96 MB, service-table.ts) with a quarter to spare; a feed of 240,000 events does not', () => {
    expect(heapNeededMb(loadPharmacyNotifyConfig({}))).toBeLessThanOrEqual(72);
    expect(heapNeededMb(loadPharmacyNotifyConfig({ FEED_MAX_EVENTS: '240000' }))).toBeGreaterThan(96);
  });

  it('reads the webhook settings', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadPharmacyNotifyConfig({
      WEBHOOK_SECRET_KEY: key,
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_ALLOWED_CIDRS: '203.0.113.0/24, 2001:db8::/32',
      WEBHOOK_RETRY_SCHEDULE_MS: '0,100,200',
      WEBHOOK_TIMEOUT_MS: '500',
      WEBHOOK_MAX_CONCURRENT: '8',
    });
    expect(isDevelopmentSecretKey(config)).toBe(false);
    expect(targetPolicyOf(config)).toEqual({ allowHttp: true, allowPrivate: true, allowCidrs: ['203.0.113.0/24', '2001:db8::/32'] });
    expect(dispatchConfigOf(config)).toMatchObject({ timeoutMs: 500, maxConcurrent: 8, retryScheduleMs: [0, 100, 200], secretKey: Buffer.alloc(32, 7) });
  });

  it.each([
    ['WEBHOOK_SECRET_KEY', Buffer.alloc(16).toString('base64')],
    ['WEBHOOK_ALLOWED_CIDRS', '10.0.0.0/33'],
    ['WEBHOOK_RETRY_SCHEDULE_MS', '0,soon'],
    ['WEBHOOK_ALLOW_HTTP', 'perhaps'],
  ])('refuses a bad %s without printing it', (name, value) => {
    expect(() => loadPharmacyNotifyConfig({ [name]: value })).toThrow(name);
    try {
      loadPharmacyNotifyConfig({ [name]: value });
    } catch (err) {
      if (name === 'WEBHOOK_SECRET_KEY') expect(String(err)).not.toContain(value);
    }
  });

  it('the development key is the documented one', () => {
    expect(isDevelopmentSecretKey(loadPharmacyNotifyConfig({ WEBHOOK_SECRET_KEY: DEVELOPMENT_SECRET_KEY_BASE64 }))).toBe(true);
  });
});
