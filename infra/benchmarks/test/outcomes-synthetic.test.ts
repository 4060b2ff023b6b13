import { outcomeFactRecordSchema, referenceResolver } from '@firstsync/outcomes-core';
import { describe, expect, it } from 'vitest';
import { type FactStreamStats, syntheticFactBatches } from '../src/outcomes/synthetic-facts';
import { MOVE_DATE, SHAPE, syntheticGeography, withMoreMoves } from '../src/outcomes/synthetic-reference';

describe('outcomes benchmark data', () => {
  const geo = syntheticGeography();

  it('has the national shape', () => {
    const placed = referenceResolver(geo.set);
    const on = (date: string) => geo.practices.map((p) => placed.whereWas(p, date));
    const day = on('2025-03-01');
    expect(new Set(day.map((p) => p.icb)).size).toBe(SHAPE.icbs);
    expect(new Set(day.map((p) => p.subIcb)).size).toBe(SHAPE.subIcbs);
    expect(new Set(day.map((p) => p.pcn)).size).toBe(SHAPE.pcns + 1); // + unmapped
    expect(geo.practices).toHaveLength(SHAPE.practices);
    expect(new Set(geo.pharmacies).size).toBe(SHAPE.pharmacies);
    const moved = on(MOVE_DATE).filter((p, i) => p.pcn !== day[i]?.pcn);
    expect(moved.length).toBeGreaterThan(SHAPE.practices * 0.01);
    expect(withMoreMoves(geo, '2025-10-01').memberships.length).toBeGreaterThan(geo.set.memberships.length);
  });

  it('makes valid fact records, every consultation once', () => {
    const stats: FactStreamStats = { consultations: 0, records: 0 };
    const records = [...syntheticFactBatches(geo, 2_000, 500, stats)].flat().map((text) => outcomeFactRecordSchema.parse(JSON.parse(text)));
    expect(stats.consultations).toBe(2_000);
    expect(records).toHaveLength(stats.records);
    const consultations = new Set(records.filter((r) => r.part === 'consultation' && r.version === 1).map((r) => r.factKey));
    expect(consultations.size).toBe(2_000);
  });
});
