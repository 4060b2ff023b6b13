import { describe, expect, it } from 'vitest';
import { webhookAttemptSchema, webhookEndpointEventSchema } from '../src/index';

const endpointId = '3d0c6f8e-7b2a-4c1d-9e5f-1a2b3c4d5e6f';
const at = '2026-03-02T10:15:00.000Z';

const created = {
  kind: 'created',
  endpointId,
  pharmacyOds: 'FVR79',
  url: 'https://pharmacy.example/webhooks',
  eventTypes: ['consultation.rejected', 'consultation.fallback-sent'],
  description: 'Practice outcomes',
  secret: 'v1.aGVsbG8.d29ybGQ.dGFn',
  startAfter: [
    { partition: 0, offset: '0' },
    { partition: 1, offset: '9223372036854775807' },
  ],
  at,
  actor: 'demo',
} as const;

const attempt = {
  attemptId: '8c7b6a59-4d3e-4f21-8a0b-9c8d7e6f5a4b',
  endpointId,
  pharmacyOds: 'FVR79',
  eventId: '6f1d2c3b-4a59-8e7d-9c1b-2a3f4e5d6c7b',
  eventType: 'consultation.delivered',
  consultationId: '0b6f1a52-3c1d-4e8f-9a7b-5c4d3e2f1a0b',
  partition: 3,
  feedOffset: '42',
  attempt: 2,
  at,
  outcome: 'failed',
  status: 503,
  durationMs: 120.5,
  error: 'http-status',
  responseBytes: 12,
  responseExcerpt: 'Service down',
  nextAttemptAt: '2026-03-02T10:20:00.000Z',
} as const;

describe('webhookEndpointEventSchema', () => {
  it.each([
    ['created', created],
    ['updated (only what changed)', { kind: 'updated', endpointId, eventTypes: ['consultation.accepted'], at, actor: 'demo' }],
    ['secret-rotated', { kind: 'secret-rotated', endpointId, secret: 'v1.x.y.z', previousValidUntil: '2026-03-03T10:15:00.000Z', at, actor: 'demo' }],
    ['disabled by the system (no actor)', { kind: 'disabled', endpointId, reason: 'failing since 2026-03-01T10:00:00Z: timeout', by: 'system', at }],
    ['disabled by the owner', { kind: 'disabled', endpointId, reason: 'maintenance', by: 'owner', at, actor: 'demo' }],
    ['enabled', { kind: 'enabled', endpointId, at, actor: 'demo' }],
    ['deleted', { kind: 'deleted', endpointId, at, actor: 'demo' }],
  ])('accepts %s', (_name, event) => {
    expect(webhookEndpointEventSchema.parse(event)).toEqual(event);
  });

  it.each([
    ['no event types', { ...created, eventTypes: [] }],
    ['a repeated event type', { ...created, eventTypes: ['consultation.accepted', 'consultation.accepted'] }],
    ['an unknown event type', { ...created, eventTypes: ['consultation.filed'] }],
    ['a non-http URL', { ...created, url: 'ftp://pharmacy.example/x' }],
    ['a negative offset', { ...created, startAfter: [{ partition: 0, offset: '-1' }] }],
    ['an offset with a leading zero', { ...created, startAfter: [{ partition: 0, offset: '01' }] }],
    ['a numeric offset', { ...created, startAfter: [{ partition: 0, offset: 1 }] }],
    ['a description with a line break', { ...created, description: 'a\nb' }],
    ['an unknown kind', { kind: 'paused', endpointId, at, actor: 'demo' }],
    ['a disable by someone else', { kind: 'disabled', endpointId, reason: 'x', by: 'ops', at }],
    ['an extra member', { ...created, plainSecret: 'whsec_abc' }],
  ])('rejects %s', (_name, event) => {
    expect(webhookEndpointEventSchema.safeParse(event).success).toBe(false);
  });
});

describe('webhookAttemptSchema', () => {
  it('accepts a failed attempt with its response facts, and a bare delivered one', () => {
    expect(webhookAttemptSchema.parse(attempt)).toEqual(attempt);
    const { status: _s, error: _e, responseBytes: _b, responseExcerpt: _x, nextAttemptAt: _n, ...bare } = attempt;
    expect(webhookAttemptSchema.safeParse({ ...bare, outcome: 'delivered', attempt: 1 }).success).toBe(true);
  });

  it.each([
    ['attempt 0', { ...attempt, attempt: 0 }],
    ['an excerpt over 256 characters', { ...attempt, responseExcerpt: 'x'.repeat(257) }],
    ['an unknown error', { ...attempt, error: 'dns' }],
    ['an unknown outcome', { ...attempt, outcome: 'pending' }],
    ['a status outside HTTP', { ...attempt, status: 42 }],
    ['a negative duration', { ...attempt, durationMs: -1 }],
  ])('rejects %s', (_name, value) => {
    expect(webhookAttemptSchema.safeParse(value).success).toBe(false);
  });
});
