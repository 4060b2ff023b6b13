import type { WebhookEndpointEvent } from '@firstsync/contracts';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { activeSecrets, applyEndpointEvent, endpointsOf, foldEndpoints, nextEndpoint, subscribes } from '../src';

const ID = '3d0c6f8e-7b2a-4c1d-9e5f-1a2b3c4d5e6f';
const ID2 = '4e1d7a9f-8c3b-4d2e-8f6a-2b3c4d5e6f7a';
const T0 = '2026-03-10T10:00:00.000Z';
const T1 = '2026-03-10T11:00:00.000Z';
const T2 = '2026-03-10T12:00:00.000Z';

const created = (fields: Partial<Extract<WebhookEndpointEvent, { kind: 'created' }>> = {}): WebhookEndpointEvent => ({
  kind: 'created',
  endpointId: ID,
  pharmacyOds: 'FVR79',
  url: 'https://pharmacy.example/hooks',
  eventTypes: ['consultation.rejected'],
  secret: 'enc-1',
  startAfter: [{ partition: 2, offset: '17' }],
  at: T0,
  actor: 'demo',
  ...fields,
});

const endpoint = (events: readonly WebhookEndpointEvent[]) => defined(foldEndpoints(events).get(ID), 'the endpoint');

describe('the endpoint registry fold', () => {
  it('creates an enabled endpoint with its secret and start positions', () => {
    expect(endpoint([created({ description: 'outcomes' })])).toEqual({
      endpointId: ID,
      pharmacyOds: 'FVR79',
      url: 'https://pharmacy.example/hooks',
      eventTypes: ['consultation.rejected'],
      description: 'outcomes',
      status: 'enabled',
      secrets: [{ secret: 'enc-1' }],
      startAfter: [{ partition: 2, offset: '17' }],
      createdAt: T0,
      updatedAt: T0,
      deleted: false,
    });
  });

  it.each<[string, WebhookEndpointEvent, Record<string, unknown>]>([
    [
      'updated changes only what it names',
      { kind: 'updated', endpointId: ID, url: 'https://pharmacy.example/v2', at: T1, actor: 'demo' },
      { url: 'https://pharmacy.example/v2', eventTypes: ['consultation.rejected'], updatedAt: T1 },
    ],
    [
      'updated event types',
      { kind: 'updated', endpointId: ID, eventTypes: ['consultation.delivered', 'consultation.accepted'], description: 'all', at: T1, actor: 'demo' },
      { eventTypes: ['consultation.delivered', 'consultation.accepted'], description: 'all', url: 'https://pharmacy.example/hooks' },
    ],
    [
      'disabled by the system keeps the reason',
      { kind: 'disabled', endpointId: ID, reason: 'failing since 10:00: timeout', by: 'system', at: T1 },
      { status: 'disabled', disabledReason: 'failing since 10:00: timeout', disabledBy: 'system', disabledAt: T1, updatedAt: T1 },
    ],
    ['deleted leaves a tombstone', { kind: 'deleted', endpointId: ID, at: T1, actor: 'demo' }, { deleted: true, updatedAt: T1 }],
  ])('%s', (_name, event, expected) => {
    expect(endpoint([created(), event])).toMatchObject(expected);
  });

  it('enabled clears the disabling', () => {
    const view = endpoint([
      created(),
      { kind: 'disabled', endpointId: ID, reason: 'gone', by: 'owner', at: T1, actor: 'demo' },
      { kind: 'enabled', endpointId: ID, at: T2, actor: 'demo' },
    ]);
    expect(view.status).toBe('enabled');
    expect(view).not.toHaveProperty('disabledReason');
    expect(view).not.toHaveProperty('disabledBy');
    expect(view).not.toHaveProperty('disabledAt');
  });

  it('enabled after a gap the owner accepted remembers where delivery carries on', () => {
    const view = endpoint([
      created(),
      { kind: 'disabled', endpointId: ID, reason: 'fell behind', by: 'system', at: T1 },
      { kind: 'enabled', endpointId: ID, at: T2, actor: 'demo', resumeAfter: { partition: 3, offset: '41' } },
    ]);
    expect(view).toMatchObject({ status: 'enabled', resumeAfter: { partition: 3, offset: '41' } });
  });

  it('a rotation keeps the previous secret until the end of its overlap; a second one drops expired secrets', () => {
    const once = endpoint([created(), { kind: 'secret-rotated', endpointId: ID, secret: 'enc-2', previousValidUntil: T2, at: T1, actor: 'demo' }]);
    expect(once.secrets).toEqual([{ secret: 'enc-2' }, { secret: 'enc-1', validUntil: T2 }]);
    expect(activeSecrets(once, new Date(T1))).toEqual(['enc-2', 'enc-1']);
    expect(activeSecrets(once, new Date(T2))).toEqual(['enc-2']);

    const inside = endpoint([
      created(),
      { kind: 'secret-rotated', endpointId: ID, secret: 'enc-2', previousValidUntil: T2, at: T0, actor: 'demo' },
      { kind: 'secret-rotated', endpointId: ID, secret: 'enc-3', previousValidUntil: T2, at: T1, actor: 'demo' },
    ]);
    expect(inside.secrets.map((s) => s.secret)).toEqual(['enc-3', 'enc-2', 'enc-1']);
    const after = endpoint([
      created(),
      { kind: 'secret-rotated', endpointId: ID, secret: 'enc-2', previousValidUntil: T1, at: T0, actor: 'demo' },
      { kind: 'secret-rotated', endpointId: ID, secret: 'enc-3', previousValidUntil: '2026-03-11T00:00:00.000Z', at: T2, actor: 'demo' },
    ]);
    expect(after.secrets.map((s) => s.secret)).toEqual(['enc-3', 'enc-2']);
  });

  it.each<[string, readonly WebhookEndpointEvent[]]>([
    ['a second created for the same id', [created(), created({ url: 'https://evil.example/', pharmacyOds: 'FA123' })]],
    [
      'anything after deleted',
      [created(), { kind: 'deleted', endpointId: ID, at: T1, actor: 'demo' }, { kind: 'enabled', endpointId: ID, at: T2, actor: 'demo' }],
    ],
  ])('ignores %s', (_name, events) => {
    const view = endpoint(events);
    expect(view.url).toBe('https://pharmacy.example/hooks');
    expect(view.pharmacyOds).toBe('FVR79');
    if (events.some((e) => e.kind === 'deleted')) expect(view).toMatchObject({ deleted: true, updatedAt: T1 });
  });

  it('ignores events for an endpoint never created', () => {
    expect(foldEndpoints([{ kind: 'enabled', endpointId: ID, at: T1, actor: 'demo' }]).size).toBe(0);
    expect(nextEndpoint(undefined, { kind: 'deleted', endpointId: ID, at: T1, actor: 'demo' })).toBeUndefined();
  });

  it('applyEndpointEvent returns a new registry and leaves the old one as it was', () => {
    const before = foldEndpoints([created()]);
    const after = applyEndpointEvent(before, { kind: 'disabled', endpointId: ID, reason: 'x', by: 'owner', at: T1, actor: 'demo' });
    expect(after.get(ID)?.status).toBe('disabled');
    expect(before.get(ID)?.status).toBe('enabled');
    expect(applyEndpointEvent(before, { kind: 'enabled', endpointId: ID2, at: T1, actor: 'demo' })).toBe(before);
  });

  it("lists a pharmacy's live endpoints, oldest first, and what each subscribes to", () => {
    const registry = foldEndpoints([
      created({ endpointId: ID2, at: T1 }),
      created({ at: T0 }),
      created({ endpointId: '5f2e8b0a-9d4c-4e3f-9a7b-3c4d5e6f7a8b', pharmacyOds: 'FA123' }),
      { kind: 'deleted', endpointId: '5f2e8b0a-9d4c-4e3f-9a7b-3c4d5e6f7a8b', at: T2, actor: 'demo' },
    ]);
    expect(endpointsOf(registry, 'FVR79').map((e) => e.endpointId)).toEqual([ID, ID2]);
    expect(endpointsOf(registry, 'FA123')).toEqual([]);
    expect(subscribes(defined(registry.get(ID), 'endpoint'), 'consultation.rejected')).toBe(true);
    expect(subscribes(defined(registry.get(ID), 'endpoint'), 'consultation.accepted')).toBe(false);
  });
});
