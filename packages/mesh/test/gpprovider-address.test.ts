import { describe, expect, it } from 'vitest';
import { candidateBirthDates, gpProviderAddress, GpProviderAddressError, parseGpProviderAddress } from '../src/gpprovider-address';

const patient = { nhsNumber: '9000000009', birthDate: '1955-01-09', surname: 'Mowers' };

describe('GPPROVIDER address', () => {
  it('builds DDMMYYYY by default (Update Record examples) and YYYYMMDD on request', () => {
    expect(gpProviderAddress(patient)).toBe('GPPROVIDER_9000000009_09011955_MOWERS');
    expect(gpProviderAddress(patient, 'YYYYMMDD')).toBe('GPPROVIDER_9000000009_19550109_MOWERS');
  });

  it('refuses invalid parts without echoing them', () => {
    expect(() => gpProviderAddress({ ...patient, nhsNumber: '4857773456' })).toThrow(GpProviderAddressError);
    expect(() => gpProviderAddress({ ...patient, birthDate: '09/01/1955' })).toThrow(/birthDate/);
    try {
      gpProviderAddress({ ...patient, surname: 'Mow_ers' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('Mow');
    }
  });

  it('parses what it builds, and rejects other recipients', () => {
    expect(parseGpProviderAddress('GPPROVIDER_9000000009_09011955_MOWERS')).toEqual({ nhsNumber: '9000000009', dobDigits: '09011955', surname: 'MOWERS' });
    expect(parseGpProviderAddress("GPPROVIDER_9000000009_09011955_O'NEIL-SMITH")?.surname).toBe("O'NEIL-SMITH");
    expect(parseGpProviderAddress('X26ABC1')).toBeNull();
    expect(parseGpProviderAddress('GPPROVIDER_9000000009_1955_MOWERS')).toBeNull();
  });

  it('reads either DOB order (they cannot both be real dates from 1900 on)', () => {
    expect(candidateBirthDates('09011955')).toEqual(['1955-01-09']);
    expect(candidateBirthDates('19550109')).toEqual(['1955-01-09']);
    expect(candidateBirthDates('02011999')).toEqual(['1999-01-02']);
    expect(candidateBirthDates('10122001')).toEqual(['2001-12-10']);
    expect(candidateBirthDates('19991301')).toEqual([]);
  });
});
