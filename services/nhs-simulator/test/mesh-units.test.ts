import { gpProviderAddress } from '@firstsync/mesh';
import { describe, expect, it } from 'vitest';
import { defaultBehaviour } from '../src/nhs-side/gp-system/behaviour';
import { businessAckCode, infrastructureAckCode } from '../src/nhs-side/gp-system/decide-acks';
import { workflowFilter } from '../src/nhs-side/mesh/mesh-store';
import { type RoutingLookups, routeRecipient } from '../src/nhs-side/mesh/routing';
import type { PdsPatient } from '../src/nhs-side/pds/pds-store';

const patient: PdsPatient = { nhsNumber: '9000000009', birthDate: '1955-01-09', surname: 'Mowers', practiceOds: 'A81001' };

function lookups(overrides: Partial<RoutingLookups> = {}): RoutingLookups {
  return {
    findPatient: (n) => (n === patient.nhsNumber ? patient : undefined),
    practiceMailboxes: (ods, workflow) => (ods === 'A81001' && workflow === 'GPCONNECT_UPDATE_RECORD' ? ['A81001GP'] : []),
    mailboxExists: (id) => id === 'X26FS001',
    ...overrides,
  };
}

describe('routeRecipient', () => {
  const address = gpProviderAddress(patient);

  it('delivers a matched patient to the registered practice mailbox for the workflow', () => {
    expect(routeRecipient(address, 'GPCONNECT_UPDATE_RECORD', lookups())).toEqual({ kind: 'deliver', mailboxId: 'A81001GP', practiceOds: 'A81001' });
    expect(routeRecipient(address.toLowerCase(), 'GPCONNECT_UPDATE_RECORD', lookups())).toMatchObject({ kind: 'deliver' });
  });

  it('maps each PDS and mailbox failure to its EPL report code', () => {
    const code = (to: string, l = lookups(), workflow = 'GPCONNECT_UPDATE_RECORD') => {
      const decision = routeRecipient(to, workflow, l);
      return decision.kind === 'report' ? decision.code : decision.kind;
    };
    expect(code('GPPROVIDER_9000000000_09011955_MOWERS')).toBe('EPL-152');
    expect(code('GPPROVIDER_not-a-number')).toBe('EPL-152');
    expect(code(gpProviderAddress({ ...patient, nhsNumber: '9000000017' }))).toBe('EPL-153');
    expect(code(gpProviderAddress({ ...patient, surname: 'Other' }))).toBe('EPL-154');
    expect(code(address, lookups(), 'OTHER_WORKFLOW')).toBe('EPL-151');
    expect(code(address, lookups({ practiceMailboxes: () => ['A', 'B'] }))).toBe('EPL-150');
  });

  it('delivers to a known mailbox id and refuses an unknown one synchronously', () => {
    expect(routeRecipient('x26fs001', 'W', lookups())).toEqual({ kind: 'deliver', mailboxId: 'X26FS001', practiceOds: null });
    expect(routeRecipient('NOPE', 'W', lookups())).toMatchObject({ kind: 'reject', status: 417, code: '12' });
    expect(routeRecipient(' ', 'W', lookups())).toMatchObject({ kind: 'reject', status: 400 });
  });
});

describe('GP system ack decisions', () => {
  const facts = { valid: true, duplicateMessage: false, duplicateDocument: false };

  it('puts switched-off first, then validity, then duplicates', () => {
    const off = { ...defaultBehaviour(), updateRecord: false };
    expect(infrastructureAckCode({ ...facts, valid: false }, off)).toBe('20010');
    expect(infrastructureAckCode({ ...facts, valid: false, duplicateMessage: true }, defaultBehaviour())).toBe('20009');
    expect(infrastructureAckCode({ ...facts, duplicateMessage: true, duplicateDocument: true }, defaultBehaviour())).toBe('20007');
    expect(infrastructureAckCode({ ...facts, duplicateDocument: true }, defaultBehaviour())).toBe('20008');
    expect(infrastructureAckCode(facts, defaultBehaviour())).toBe('20013');
  });

  it('answers the business ack from the patient match', () => {
    expect(businessAckCode(defaultBehaviour())).toBe('30001');
    expect(businessAckCode({ ...defaultBehaviour(), patient: 'unknown' })).toBe('30002');
    expect(businessAckCode({ ...defaultBehaviour(), patient: 'left' })).toBe('30003');
  });
});

describe('MESH workflow filter', () => {
  const ids = ['GPCONNECT_UPDATE_RECORD', 'GPCONNECT_UPDATE_RECORD_ACK', 'OTHER'];
  const run = (expression: string) => ids.filter(workflowFilter(expression) ?? (() => true));

  it('supports equals, not, begins-with and contains', () => {
    expect(run('GPCONNECT_UPDATE_RECORD')).toEqual(['GPCONNECT_UPDATE_RECORD']);
    expect(run('!GPCONNECT_UPDATE_RECORD')).toEqual(['GPCONNECT_UPDATE_RECORD_ACK', 'OTHER']);
    expect(run('GPCONNECT*')).toEqual(['GPCONNECT_UPDATE_RECORD', 'GPCONNECT_UPDATE_RECORD_ACK']);
    expect(run('!*_ACK*')).toEqual(['GPCONNECT_UPDATE_RECORD', 'OTHER']);
    expect(run('')).toEqual(ids);
  });
});
