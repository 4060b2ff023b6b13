import { createConsultationSchema, type DeliveryPart, type OutcomeFactRecord, outcomeFactRecordSchema, outcomeFactSchema } from '@firstsync/contracts';
import { cloneFixture, FIXTURE_NOW, type FixtureName } from '@firstsync/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { consultationPartOf, factRecordKey, mergeFact, projectFacts } from '../src/index';

const schema = createConsultationSchema({ now: () => FIXTURE_NOW });
const part = (name: FixtureName, key: string, version = 1) => {
  const input = cloneFixture(name);
  input.version = version;
  return consultationPartOf(schema.parse(input), key);
};
const delivery = (key: string, version: number, fields: Partial<DeliveryPart> = {}): DeliveryPart => ({
  part: 'delivery',
  factKey: key,
  version,
  result: 'pending',
  route: null,
  code: null,
  filedAt: null,
  ...fields,
});
const filed = { result: 'filed', route: 'itk3-mesh', code: '30001', filedAt: '2026-03-10T11:02:00Z' } as const;

describe('mergeFact and projectFacts', () => {
  it('merges a consultation part with the delivery part of its version', () => {
    const fact = mergeFact(part('sinusitis', '1'.repeat(64)), delivery('1'.repeat(64), 1, filed));
    expect(fact.delivery).toEqual({ result: 'filed', route: 'itk3-mesh', code: '30001', filedAt: '2026-03-10T11:02:00Z' });
    expect(outcomeFactSchema.parse(fact)).toEqual(fact);
    expect('part' in fact).toBe(false);
  });

  it('is pending with no delivery part, or one of another version or fact', () => {
    const consultation = part('sinusitis', '1'.repeat(64), 2);
    expect(mergeFact(consultation, undefined).delivery.result).toBe('pending');
    expect(mergeFact(consultation, delivery('1'.repeat(64), 1, filed)).delivery.result).toBe('pending');
    expect(mergeFact(consultation, delivery('2'.repeat(64), 2, filed)).delivery.result).toBe('pending');
  });

  it('counts a consultation not shared with the GP as not shared, whatever arrived', () => {
    const consultation = part('consentRefused', '3'.repeat(64));
    expect(mergeFact(consultation, delivery('3'.repeat(64), 1, filed)).delivery).toEqual({ result: 'not-shared', route: null, code: null, filedAt: null });
  });

  it('keeps the latest record of each key, so an amended consultation is one fact with its own delivery', () => {
    const a = '4'.repeat(64);
    const b = '5'.repeat(64);
    const records: OutcomeFactRecord[] = [
      part('sinusitis', a, 1),
      delivery(a, 1, { result: 'switched-off', code: '20010' }),
      delivery(a, 1, { result: 'fallback-email', route: 'nhsmail', code: '20010' }),
      part('soreThroat', b, 1),
      part('sinusitis', a, 2),
      delivery(a, 2, filed),
      // A late acknowledgement of version 1 does not touch version 2's delivery (a key of its own).
      delivery(a, 1, filed),
      // A delivery part whose consultation part has not arrived gives no fact.
      delivery('6'.repeat(64), 1, filed),
    ];
    for (const record of records) expect(outcomeFactRecordSchema.parse(record)).toEqual(record);
    const facts = projectFacts(records);
    expect(facts.map((f) => [f.factKey, f.version, f.delivery.result])).toEqual([
      [a, 2, 'filed'],
      [b, 1, 'pending'],
    ]);
  });

  it('keys the parts apart: one consultation key, one delivery key per version', () => {
    const key = '7'.repeat(64);
    expect(factRecordKey(part('sinusitis', key))).toBe(`${key}/consultation`);
    expect(factRecordKey(delivery(key, 3))).toBe(`${key}/delivery/3`);
  });
});
