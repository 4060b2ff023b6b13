import { describe, expect, it } from 'vitest';
import { cloneFixture, fixtureNames, fixtures } from '../src/fixtures';
import { eligibilityWarnings, isValidNhsNumber, pharmacyFirstPathways, services } from '../src/index';
import { schemaAtFixtureTime } from './support/consultation-cases';

describe('fixtures', () => {
  it.each(fixtureNames)('%s is a valid, eligible consultation', (name) => {
    const result = schemaAtFixtureTime.safeParse(fixtures[name]);
    expect(result.error?.issues ?? []).toEqual([]);
    if (result.success) expect(eligibilityWarnings(result.data)).toEqual([]);
  });

  it('cover every service and every pathway', () => {
    const all = Object.values(fixtures);
    expect(new Set(all.map((c) => c.service))).toEqual(new Set(services));
    expect(new Set(all.map((c) => c.pharmacyFirst?.pathway).filter(Boolean))).toEqual(new Set(pharmacyFirstPathways));
    expect(all.some((c) => c.pharmacyFirst?.element === 'minor-illness')).toBe(true);
    expect(all.some((c) => c.consentToShareWithGp === false)).toBe(true);
  });

  it('use distinct consultation ids and valid NHS numbers', () => {
    const all = Object.values(fixtures);
    expect(new Set(all.map((c) => c.consultationId)).size).toBe(all.length);
    for (const c of all) expect(isValidNhsNumber(c.patient.nhsNumber)).toBe(true);
  });

  it('are frozen; cloneFixture gives an editable copy', () => {
    expect(() => {
      (fixtures.sinusitis.patient.name.given as string[]).push('Extra');
    }).toThrow(TypeError);
    const copy = cloneFixture('sinusitis');
    copy.patient.name.given.push('Extra');
    expect(fixtures.sinusitis.patient.name.given).toEqual(['Siân']);
  });
});
