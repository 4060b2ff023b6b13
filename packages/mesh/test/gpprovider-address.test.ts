import { describe, expect, it } from 'vitest';
import { candidateBirthDates, GpProviderAddressError, gpProviderAddress, parseGpProviderAddress } from '../src/gpprovider-address';

const patient = { nhsNumber: '9000000009', birthDate: '1955-01-09', surname: 'Mowers' };

describe('GPPROVIDER address', () => {
  it('builds DDMMYYYY by default (Update Record examples) and YYYYMMDD on request', () => {
    expect(gpProviderAddress(patient)).toBe('GPPROVIDER_9000000009_09011955_MOWERS');
    expect(gpProviderAddress(patient, 'YYYYMMDD')).toBe('GPPROVIDER_9000000009_19550109_MOWERS');
  });

  it('refuses invalid parts without echoing them', () => {
    expect(() => gpProviderAddress({ ...patient, nhsNumber: '4857773456' })).toThrow(GpProviderAddressError);
    expect(() => gpProviderAddress({ ...patient, birthDate: '09/01/1955' })).toThrow(/birthDate/);
    // The whole message, anchored: it names the field and cannot also quote the surname.
    expect(() => gpProviderAddress({ ...patient, surname: '王芳' })).toThrow(/^cannot build a GPPROVIDER address: invalid surname$/);
    expect(() => gpProviderAddress({ ...patient, surname: " '- " })).toThrow(/^cannot build a GPPROVIDER address: invalid surname$/);
  });

  it('carries real surnames as PDS-matchable visible ASCII (issue #18)', () => {
    const surnameOf = (surname: string) => gpProviderAddress({ ...patient, surname }).slice('GPPROVIDER_9000000009_09011955_'.length);
    expect(surnameOf('O’Sullivan')).toBe("O'SULLIVAN");
    expect(surnameOf('Łukasiewicz')).toBe('LUKASIEWICZ');
    expect(surnameOf('Nguyễn')).toBe('NGUYEN');
    expect(surnameOf('Ní Bhriain')).toBe('NI BHRIAIN');
    expect(surnameOf('Weiß–Øster')).toBe('WEISS-OSTER');
    // Decomposed input (e + combining acute) gives the same address as the composed one.
    expect(surnameOf('Arau\u0301jo')).toBe(surnameOf('Araújo'));
    // The address's own delimiter and anything PDS cannot hold never reach it.
    expect(surnameOf('Mow_ers')).toBe('MOWERS');
    expect(surnameOf('Smith\u200b\u202e 王')).toBe('SMITH');
    // mex-To is at most 100 characters (MESH API): the surname is cut to what the address leaves.
    const long = gpProviderAddress({ ...patient, surname: 'Abcdefghij'.repeat(10) });
    expect(long).toHaveLength(100);
    expect(parseGpProviderAddress(long)?.surname).toBe('ABCDEFGHIJ'.repeat(7).slice(0, 69));
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
