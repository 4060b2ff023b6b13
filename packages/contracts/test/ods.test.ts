import { describe, expect, it } from 'vitest';
import { isGpPracticeOdsCode, isPharmacyOdsCode } from '../src/index';

describe('ODS codes', () => {
  it.each([
    ['FVR79', true],
    ['FQW30', true],
    ['F1234', true],
    ['fvr79', false],
    ['FVR7', false],
    ['FVR790', false],
    ['AVR79', false],
    ['F-R79', false],
  ])('pharmacy %j -> %s', (code, expected) => {
    expect(isPharmacyOdsCode(code)).toBe(expected);
  });

  it.each([
    ['A81001', true],
    ['Y02345', true],
    ['a81001', false],
    ['A8100', false],
    ['A810011', false],
    ['AB1001', false],
    ['FVR79', false],
  ])('GP practice %j -> %s', (code, expected) => {
    expect(isGpPracticeOdsCode(code)).toBe(expected);
  });
});
