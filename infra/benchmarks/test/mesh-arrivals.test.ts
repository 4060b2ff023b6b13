import { consultationSchema } from '@firstsync/contracts';
import { buildUpdateRecordMessage } from '@firstsync/update-record';
import { describe, expect, it } from 'vitest';
import { bundleIdentifierFor, meshArrivals } from '../src/load/mesh-arrivals';
import type { SentConsultation } from '../src/load/paced-poster';
import { consultationBody } from '../src/payloads/consultation';
import type { MeshCollected } from '../src/system/simulator-client';

const sent = (consultationId: string): SentConsultation => ({ consultationId, practiceOds: 'A81002', sentAtMs: 0, status: 202 });
const collected = (consultationId: string, deliveredAt: string, infAckCollectedAt: string | null = null): MeshCollected => ({
  practiceOds: 'A81002',
  bundleIdentifier: bundleIdentifierFor(consultationId),
  deliveredAt,
  infAckCode: '20013',
  infAckCollectedAt,
});

describe('bundleIdentifierFor', () => {
  it('is the Bundle.identifier of the Update Record message built for the consultation the bench posts', () => {
    const consultation = consultationSchema.parse(consultationBody('5b0c3f0e-8a4e-4d7b-9a55-2f1f2b7f4c11', 'A81002'));
    const built = buildUpdateRecordMessage(consultation, { builtAt: '2026-11-23T10:00:00Z', senderMeshMailbox: 'X26FS001' });
    expect(bundleIdentifierFor(consultation.consultationId, consultation.version)).toBe(built.identifiers.bundleIdentifier);
  });
});

describe('meshArrivals', () => {
  it('maps inbox and inf-ack times back to the consultations sent, by Bundle identifier', () => {
    const { inbox, infAck } = meshArrivals(
      [sent('c-1'), sent('c-2')],
      [collected('c-1', '1970-01-01T00:00:00.040Z', '1970-01-01T00:00:02.100Z'), collected('c-2', '1970-01-01T00:00:00.050Z')],
    );
    expect([...inbox]).toEqual([
      ['c-1', 40],
      ['c-2', 50],
    ]);
    expect([...infAck]).toEqual([['c-1', 2100]]);
  });

  it('keeps the first arrival of a resent message and ignores messages the run did not send', () => {
    const { inbox, infAck } = meshArrivals(
      [sent('c-1')],
      [
        collected('c-1', '1970-01-01T00:00:00.900Z', '1970-01-01T00:00:03.000Z'),
        collected('c-1', '1970-01-01T00:00:00.100Z', '1970-01-01T00:00:02.000Z'),
        collected('other', '1970-01-01T00:00:00.001Z'),
        { ...collected('c-1', '1970-01-01T00:00:00.000Z'), bundleIdentifier: null },
      ],
    );
    expect([...inbox]).toEqual([['c-1', 100]]);
    expect([...infAck]).toEqual([['c-1', 2000]]);
  });
});
