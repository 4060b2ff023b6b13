import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { meshAuthorization, meshTimestamp, parseMeshAuthorization, verifyMeshToken } from '../src/auth-token';

const credentials = { mailboxId: 'X26ABC1', password: 'password', sharedKey: 'TestKey' };

describe('MESH authorization token', () => {
  it('matches an HMAC computed independently (Python hmac, as in the MESH sandbox)', () => {
    const header = meshAuthorization(credentials, {
      nonce: '4a1c7b2e-0000-4000-8000-000000000001',
      nonceCount: 3,
      now: new Date('2026-11-23T09:15:42Z'),
    });
    expect(header).toBe('NHSMESH X26ABC1:4a1c7b2e-0000-4000-8000-000000000001:3:202611230915:20ebe79c0307cf4a06ba61b5fb2b28c31c13cd53f1ab9f5157c690c4fb78be9e');
  });

  it('uses a fresh nonce per token', () => {
    const a = parseMeshAuthorization(meshAuthorization(credentials));
    const b = parseMeshAuthorization(meshAuthorization(credentials));
    expect(a?.nonce).not.toBe(b?.nonce);
  });

  it('formats the timestamp as UTC yyyyMMddHHmm', () => {
    expect(meshTimestamp(new Date('2026-01-02T03:04:59Z'))).toBe('202601020304');
  });

  it('verifies its own token and rejects a tampered or foreign one', () => {
    const token = defined(parseMeshAuthorization(meshAuthorization(credentials)), 'a parsed token');
    expect(verifyMeshToken(token, credentials)).toBe(true);
    expect(verifyMeshToken(token, { ...credentials, password: 'other' })).toBe(false);
    expect(verifyMeshToken({ ...token, nonceCount: '2' }, credentials)).toBe(false);
    expect(verifyMeshToken(token, { ...credentials, mailboxId: 'X26ABC2' })).toBe(false);
  });

  it('refuses malformed headers', () => {
    expect(parseMeshAuthorization(undefined)).toBeNull();
    expect(parseMeshAuthorization('Bearer abc')).toBeNull();
    expect(parseMeshAuthorization('NHSMESH X26ABC1:nonce:1:202611230915')).toBeNull();
    expect(parseMeshAuthorization('NHSMESH X26ABC1:nonce:x:202611230915:abc')).toBeNull();
  });
});
