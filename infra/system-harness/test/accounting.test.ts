import { describe, expect, it } from 'vitest';
import { accountFor, type GpReceipt } from '../src/accounting';

const receipt = (consultationId: string, bundleIdentifier = `b-${consultationId}`, receipts = 1): GpReceipt => ({
  consultationId,
  practiceOds: 'A81001',
  bundleIdentifier,
  receipts,
});

describe('chaos accounting', () => {
  it('counts a consultation received once as delivered exactly once, and extra receipts as duplicates on the wire', () => {
    const result = accountFor({ accepted: new Set(['c1', 'c2']), poisoned: new Set(), received: [receipt('c1'), receipt('c2', 'b-c2', 3)], deadLetters: [] });
    expect(result.deliveredOnce).toBe(2);
    expect(result.duplicatesOnWire).toBe(2);
    expect(result.lost).toEqual([]);
  });

  it('reports an accepted consultation found nowhere as lost', () => {
    const result = accountFor({ accepted: new Set(['c1', 'c2']), poisoned: new Set(), received: [receipt('c1')], deadLetters: [] });
    expect(result.lost).toEqual(['c2']);
  });

  it('reports two distinct messages for one consultation (the GP would file it twice)', () => {
    const result = accountFor({ accepted: new Set(['c1']), poisoned: new Set(), received: [receipt('c1', 'b1'), receipt('c1', 'b2')], deadLetters: [] });
    expect(result.deliveredAsSeveralMessages).toEqual(['c1']);
    expect(result.deliveredOnce).toBe(0);
  });

  it('accepts a dead letter with a reason, and flags one without, one of a healthy practice and a poisoned delivery', () => {
    const result = accountFor({
      accepted: new Set(['p1', 'p2', 'h1', 'p3']),
      poisoned: new Set(['p1', 'p2', 'p3']),
      received: [receipt('p3')],
      deadLetters: [
        { consultationId: 'p1', topic: 'delivery.dead-letter', reason: '422: rejected by the GP system' },
        { consultationId: 'p2', topic: 'delivery.dead-letter', reason: '' },
        { consultationId: 'h1', topic: 'delivery.dead-letter', reason: 'exhausted: 10 attempts made' },
      ],
    });
    expect(result.lost).toEqual([]);
    expect(result.deadLettered).toBe(3);
    expect(result.deadLetteredWithoutReason).toEqual(['p2']);
    expect([...result.deadLetteredNotPoisoned.keys()]).toEqual(['h1']);
    expect(result.poisonedDelivered).toEqual(['p3']);
    expect(result.reasons).toEqual({ '422': 1, '(none)': 1, exhausted: 1 });
  });

  it('counts what reached the GP side without ever being acknowledged to the sender', () => {
    const result = accountFor({ accepted: new Set(['c1']), poisoned: new Set(), received: [receipt('c1'), receipt('c9')], deadLetters: [] });
    expect(result.settledButNotAccepted).toBe(1);
  });
});
