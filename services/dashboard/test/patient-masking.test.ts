import { inspect } from 'node:util';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { MessageCache } from '../src/messages/message-cache';
import { messageOutline } from '../src/messages/message-outline';
import { minimalGpMessage } from './support/gp-message';

// Shaped like the Update Record message: a message Bundle carrying a document Bundle with the Patient.
const message = {
  resourceType: 'Bundle',
  type: 'message',
  identifier: { value: 'b6f1dee0-0000-4000-8000-000000000001' },
  entry: [
    { resource: { resourceType: 'MessageHeader', id: 'hdr' } },
    {
      resource: {
        resourceType: 'Bundle',
        type: 'document',
        entry: [
          {
            resource: {
              resourceType: 'Composition',
              title: 'Pharmacy First consultation',
              text: { div: '<div>Seen: Jo DEE (999 000 1234) for sore throat</div>' },
            },
          },
          {
            resource: {
              resourceType: 'Patient',
              id: 'pat',
              identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990001234' }],
              name: [{ family: 'DEE', given: ['Jo'] }],
              birthDate: '1980-01-01',
            },
          },
          { resource: { resourceType: 'ClinicalImpression', summary: 'Lives at 1 Leeds Road LS1 4AP, call 07700 900123' } },
          { resource: { resourceType: 'ClinicalImpression', summary: 'Advised fluids' } },
          { resource: { resourceType: '<img src=x onerror=alert(1)>' } },
        ],
      },
    },
  ],
};

describe('message outline (what every role sees of a message)', () => {
  it('lists the resource types and counts, nested bundles included', () => {
    expect(messageOutline(message)).toEqual([
      { resourceType: 'Bundle', count: 2 },
      { resourceType: 'MessageHeader', count: 1 },
      { resourceType: 'Composition', count: 1 },
      { resourceType: 'Patient', count: 1 },
      { resourceType: 'ClinicalImpression', count: 2 },
    ]);
  });

  it('carries none of the message content', () => {
    const text = JSON.stringify(messageOutline(message));
    for (const secret of ['9990001234', 'DEE', 'Jo', '1980-01-01', 'LS1 4AP', '07700', 'sore throat', 'Advised fluids', 'img'])
      expect(text).not.toContain(secret);
  });

  it('does not throw on what is not a bundle', () => {
    for (const value of [null, 'x', 42, [], { entry: 'x' }, { entry: [null, 1, { resource: [] }] }]) expect(() => messageOutline(value)).not.toThrow();
  });
});

describe('message cache', () => {
  const text = (value: unknown) => JSON.stringify(value);

  it('keeps the latest version whatever the arrival order, and never prints its content', () => {
    const cache = new MessageCache(1_000_000);
    const v2 = { ...minimalGpMessage({ practiceOds: 'A81001' }), version: 2 };
    const v1 = { ...v2, version: 1 };
    expect(cache.remember(v2, text(v2))).toBe(true);
    expect(cache.remember(v1, text(v1))).toBe(false);
    expect(cache.get(v2.consultationId)?.version).toBe(2);
    expect(JSON.stringify({ cache })).not.toContain(v2.meshRouting.nhsNumber);
    expect(inspect(cache)).not.toContain(v2.meshRouting.nhsNumber);
  });

  it('drops the oldest messages once over its byte budget', () => {
    const messages = Array.from({ length: 3 }, () => minimalGpMessage({ practiceOds: 'A81001' }));
    const size = Buffer.byteLength(text(messages[0]));
    const cache = new MessageCache(size * 2 + 10);
    for (const m of messages) cache.remember(m, text(m));
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBeLessThanOrEqual(size * 2 + 10);
    const [oldest, , newest] = messages;
    expect(cache.get(defined(oldest, 'the oldest message').consultationId)).toBeUndefined();
    expect(cache.get(defined(newest, 'the newest message').consultationId)?.consultationId).toBe(newest?.consultationId);
  });
});
