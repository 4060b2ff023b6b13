import { gpProviderAddress, parseGpProviderAddress } from '@firstsync/mesh';
import { describe, expect, it } from 'vitest';
import { type PdsPatient, tracePatient } from '../src/nhs-side/pds/pds-store';

// PDS holds names in its own character set (Latin letters up to U+017F, ASCII apostrophe): the
// sender's GPPROVIDER_ address carries them folded to visible ASCII. The simulated trace must still
// find the patient, as Spine's does, or every such consultation would come back EPL-154 (issue #18).
const registered = (surname: string): PdsPatient => ({ nhsNumber: '9000000009', birthDate: '1955-01-09', surname, practiceOds: 'A81001' });

function trace(stored: string, sent: string) {
  const address = parseGpProviderAddress(gpProviderAddress({ nhsNumber: '9000000009', birthDate: '1955-01-09', surname: sent }));
  if (!address) throw new Error('the sender built an address the receiver cannot parse');
  return tracePatient(address, () => registered(stored)).outcome;
}

describe('simulated PDS trace: surnames beyond ASCII', () => {
  it.each([
    ['Łukasiewicz', 'Łukasiewicz'],
    ["O'Sullivan", 'O’Sullivan'],
    ['Nguyen', 'Nguyễn'],
    ['Nguyễn', 'Nguyễn'],
    ['Ní Bhriain', 'Ni  Bhriain'],
    ['Müller', 'Mu\u0308ller'],
  ])('finds a patient held as %s when the consultation says %s', (stored, sent) => {
    expect(trace(stored, sent)).toBe('matched');
  });

  it('still refuses a different surname (EPL-154), folded or not', () => {
    expect(trace('Łukasiewicz', 'Lukas')).toBe('demographics-mismatch');
    expect(trace('Müller', 'Miller')).toBe('demographics-mismatch');
    expect(trace('王', 'Wang')).toBe('demographics-mismatch');
  });
});
