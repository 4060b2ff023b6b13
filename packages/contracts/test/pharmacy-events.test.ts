import { describe, expect, it } from 'vitest';
import { contractArtefacts } from '../scripts/artefacts';
import { PHARMACY_EVENT_TYPES, pharmacyEventSchema } from '../src/index';

const valid = {
  eventId: '6f1d2c3b-4a59-8e7d-9c1b-2a3f4e5d6c7b',
  type: 'consultation.rejected',
  timestamp: '2026-03-02T10:15:00.000Z',
  data: {
    consultationId: '0b6f1a52-3c1d-4e8f-9a7b-5c4d3e2f1a0b',
    version: 1,
    pharmacyOds: 'FVR79',
    practiceOds: 'A81001',
    state: 'fallback-pending',
    code: '30003',
    reason: 'patient no longer at the practice',
    transport: 'mesh',
  },
} as const;

function withData(data: Record<string, unknown>) {
  return { ...valid, data: { ...valid.data, ...data } };
}

describe('pharmacyEventSchema', () => {
  it('accepts a Standard Webhooks shaped event', () => {
    expect(pharmacyEventSchema.parse(valid)).toEqual(valid);
  });

  it('accepts every event type, and a replacement with the version it replaces', () => {
    for (const type of PHARMACY_EVENT_TYPES) expect(pharmacyEventSchema.safeParse({ ...valid, type }).success, type).toBe(true);
    expect(pharmacyEventSchema.safeParse(withData({ version: 2, replacesVersion: 1 })).success).toBe(true);
  });

  it.each([
    ['an unknown type', { ...valid, type: 'consultation.filed' }],
    ['a non-uuid event id', { ...valid, eventId: 'evt-1' }],
    ['a timestamp without a zone', { ...valid, timestamp: '2026-03-02T10:15:00' }],
    ['an extra top-level member', { ...valid, patient: {} }],
    // Strict data: a member carrying patient data cannot slip through.
    ['an extra data member', withData({ nhsNumber: '9434765919' })],
    ['version 0', withData({ version: 0 })],
    ['a GP practice code as the pharmacy', withData({ pharmacyOds: 'A81001' })],
    ['a pharmacy code as the practice', withData({ practiceOds: 'FVR79' })],
    ['a code with spaces', withData({ code: 'not a code' })],
    ['a reason over 500 characters', withData({ reason: 'x'.repeat(501) })],
    ['an empty state', withData({ state: '' })],
    ['an unknown transport', withData({ transport: 'fax' })],
  ])('rejects %s', (_name, event) => {
    expect(pharmacyEventSchema.safeParse(event).success).toBe(false);
  });
});

describe('AsyncAPI document', () => {
  const asyncapi = JSON.parse(contractArtefacts().find((a) => a.file === 'contracts/asyncapi.json')?.content ?? '{}') as {
    channels: Record<string, { address: string; bindings: { kafka: { partitions: number; topicConfiguration: Record<string, unknown> } } }>;
    components: { messages: Record<string, { payload: { $ref?: string } }>; schemas: Record<string, unknown> };
  };

  it.each([
    ['pharmacyEvents', 'pharmacy.events.v1', 6, 'PharmacyEvent'],
    ['pharmacyWebhookEndpoints', 'pharmacy.webhook-endpoints.v1', 1, 'WebhookEndpointEvent'],
    ['pharmacyWebhookAttempts', 'pharmacy.webhook-attempts.v1', 6, 'WebhookAttempt'],
  ])('describes %s (%s) with its payload schema', (id, address, partitions, schema) => {
    expect(asyncapi.channels[id]?.address).toBe(address);
    expect(asyncapi.channels[id]?.bindings.kafka.partitions).toBe(partitions);
    expect(asyncapi.components.messages[`${id}Record`]?.payload.$ref).toBe(`#/components/schemas/${schema}`);
    expect(asyncapi.components.schemas[schema]).toBeDefined();
  });

  it('keeps the endpoint registry forever', () => {
    expect(asyncapi.channels.pharmacyWebhookEndpoints?.bindings.kafka.topicConfiguration['retention.ms']).toBe(-1);
  });
});
