import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nhsNumberArbitrary } from '../src/arbitraries';
import { isValidNhsNumber, normaliseNhsNumber } from '../src/index';

describe('isValidNhsNumber', () => {
  it.each([
    ['9000000009', true],
    ['9434765919', true],
    ['943 476 5919', true],
    [' 9434765919 ', true],
    ['9434765918', false], // wrong check digit
    ['4857773456', false], // IG example number, fails Mod 11 (docs/known-spec-pitfalls.md#example-nhs-numbers-fail-mod-11)
    ['1000000010', false], // check digit would be 10: no valid number with these 9 digits
    ['1111111111', false], // passes Mod 11 but all the same digit
    ['0000000000', false],
    ['943476591', false],
    ['94347659190', false],
    ['943-476-5919', false],
    ['943\t476\t5919', false],
    ['', false],
  ])('%j -> %s', (input, expected) => {
    expect(isValidNhsNumber(input)).toBe(expected);
  });

  it('normalises by removing spaces only', () => {
    expect(normaliseNhsNumber(' 943 476  5919')).toBe('9434765919');
  });

  it('accepts every generated valid number', () => {
    fc.assert(fc.property(nhsNumberArbitrary, (n) => isValidNhsNumber(n)));
  });

  // Mod 11 with weights 10..2 catches every single-digit error, which is why it is used.
  it('rejects any single-digit change of a valid number', () => {
    fc.assert(
      fc.property(nhsNumberArbitrary, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (n, pos, delta) => {
        const digits = normaliseNhsNumber(n).split('');
        digits[pos] = String((Number(digits[pos]) + delta) % 10);
        return !isValidNhsNumber(digits.join(''));
      }),
    );
  });
});
