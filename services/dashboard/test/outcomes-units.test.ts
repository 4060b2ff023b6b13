import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { authenticate } from '../src/auth/authenticate';
import { DEV_DEFAULT_USERS } from '../src/auth/users';
import { loadDashboardConfig } from '../src/config';
import { mayLinkTo, outcomesAccessOf } from '../src/outcomes/access';
import { outcomesStoreUrl } from '../src/outcomes/open-outcomes';
import { outcomesPath, periodOfQuery, scopeOfPath } from '../src/outcomes/request';

const hash = defined(DEV_DEFAULT_USERS[0], 'a default user').passwordHash;
const load = (users: unknown[]) => loadDashboardConfig({ DASHBOARD_USERS: JSON.stringify(users) });

describe('outcomes roles in DASHBOARD_USERS', () => {
  it('binds each to one area, required for that role and refused for the others', () => {
    expect(load([{ username: 'c', role: 'commissioner', icbCode: 'QE1', passwordHash: hash }]).DASHBOARD_USERS).toEqual([
      { username: 'c', role: 'commissioner', icbCode: 'QE1', passwordHash: hash },
    ]);
    expect(() => load([{ username: 'c', role: 'commissioner', passwordHash: hash }])).toThrow(/icbCode/);
    expect(() => load([{ username: 'c', role: 'commissioner', icbCode: 'qe1', passwordHash: hash }])).toThrow(/icbCode/);
    expect(() => load([{ username: 'c', role: 'commissioner', icbCode: 'QE1', pcnCode: 'U12345', passwordHash: hash }])).toThrow(/DASHBOARD_USERS/);
    expect(() => load([{ username: 'l', role: 'pcn-lead', pcnCode: 'QE1', passwordHash: hash }])).toThrow(/pcnCode/);
    expect(() => load([{ username: 'm', role: 'pharmacy-manager', pharmacyOds: 'A81001', passwordHash: hash }])).toThrow(/pharmacyOds/);
    expect(() => load([{ username: 'v', role: 'viewer', icbCode: 'QE1', passwordHash: hash }])).toThrow(/DASHBOARD_USERS/);
  });

  it('signs the demo outcomes users in with their area, never their hash', async () => {
    expect(await authenticate(DEV_DEFAULT_USERS, 'commissioner', 'commissioner-demo-password')).toEqual({
      username: 'commissioner',
      role: 'commissioner',
      icbCode: 'QZA',
    });
    expect(await authenticate(DEV_DEFAULT_USERS, 'pcn-lead', 'pcn-lead-demo-password')).toEqual({ username: 'pcn-lead', role: 'pcn-lead', pcnCode: 'U90001' });
    expect(await authenticate(DEV_DEFAULT_USERS, 'pharmacy-manager', 'pharmacy-manager-demo-password')).toEqual({
      username: 'pharmacy-manager',
      role: 'pharmacy-manager',
      pharmacyOds: 'FXA01',
    });
  });
});

describe('outcomes access and links', () => {
  it('links an area user to their own area and below, never above or sideways', () => {
    const commissioner = outcomesAccessOf({ username: 'c', role: 'commissioner', icbCode: 'QZA' });
    expect(mayLinkTo(commissioner, { level: 'national', code: null, name: 'England' })).toBe(false);
    expect(mayLinkTo(commissioner, { level: 'icb', code: 'QZA', name: null })).toBe(true);
    expect(mayLinkTo(commissioner, { level: 'icb', code: 'QZB', name: null })).toBe(false);
    expect(mayLinkTo(commissioner, { level: 'pcn', code: 'U90001', name: null })).toBe(true);
    const manager = outcomesAccessOf({ username: 'm', role: 'pharmacy-manager', pharmacyOds: 'FXA01' });
    expect(mayLinkTo(manager, { level: 'practice', code: 'A81001', name: null })).toBe(false);
    expect(mayLinkTo(manager, { level: 'pharmacy', code: 'FXA01', name: null })).toBe(true);
    expect(outcomesAccessOf({ username: 'p', role: 'pharmacy', pharmacyOds: 'FXA01' }).kind).toBe('none');
  });
});

describe('outcomes requests', () => {
  it('reads the area and format from the path, refusing what is no ODS code of that level', () => {
    expect(scopeOfPath('national', undefined, false)).toEqual({ scope: { level: 'national' }, format: 'html' });
    expect(scopeOfPath('national.csv', undefined, true)).toEqual({ scope: { level: 'national' }, format: 'csv' });
    expect(scopeOfPath('pcn', 'U90001.csv', true)).toEqual({ scope: { level: 'pcn', code: 'U90001' }, format: 'csv' });
    expect(scopeOfPath('pcn', 'U90001', true)).toEqual({ scope: { level: 'pcn', code: 'U90001' }, format: 'json' });
    expect(scopeOfPath('pcn', 'unmapped', false)).toEqual({ scope: { level: 'pcn', code: 'unmapped' }, format: 'html' });
    expect(scopeOfPath('pcn', 'U90001.csv', false)).toBeUndefined();
    expect(scopeOfPath('practice', 'unmapped', false)).toBeUndefined();
    expect(scopeOfPath('constructor', 'U90001', false)).toBeUndefined();
    expect(scopeOfPath('icb', 'qza', false)).toBeUndefined();
  });

  it('defaults to the last 12 months (or 13 weeks) and checks a given period', () => {
    expect(periodOfQuery({}, '2025-03-03')).toEqual({ granularity: 'month', from: '2024-04-01', to: '2025-04-01' });
    expect(periodOfQuery({ granularity: 'week' }, '2025-03-05')).toEqual({ granularity: 'week', from: '2024-12-09', to: '2025-03-10' });
    expect(periodOfQuery({ granularity: 'month', from: '2025-01-01', to: '2025-02-01' }, '2025-03-03')).toEqual({
      granularity: 'month',
      from: '2025-01-01',
      to: '2025-02-01',
    });
    expect(periodOfQuery({ from: '2025-01-01' }, '2025-03-03')).toHaveProperty('error');
    expect(periodOfQuery({ granularity: ['month'] }, '2025-03-03')).toHaveProperty('error');
    expect(outcomesPath({ level: 'pcn', code: 'U90001' }, 'csv', { granularity: 'week', from: '2025-01-06', to: '2025-02-03' })).toBe(
      '/api/outcomes/pcn/U90001.csv?granularity=week&from=2025-01-06&to=2025-02-03',
    );
  });

  it('puts the outcomes store beside the read store: same server, or a PGlite directory of its own', () => {
    expect(outcomesStoreUrl({})).toBe('pglite:');
    expect(outcomesStoreUrl({ READ_STORE_URL: 'postgres://u:p@db/x' })).toBe('postgres://u:p@db/x');
    expect(outcomesStoreUrl({ READ_STORE_URL: 'pglite:/data/read-store-2' })).toBe('pglite:/data/read-store-2');
    expect(outcomesStoreUrl({ READ_STORE_URL: 'pglite:' })).toBe('pglite:');
    expect(outcomesStoreUrl({ READ_STORE_URL: 'pglite:/a', OUTCOMES_STORE_URL: 'postgres://o' })).toBe('postgres://o');
  });
});
