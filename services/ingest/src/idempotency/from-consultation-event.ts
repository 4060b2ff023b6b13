import { consultationFingerprint, consultationWarningSchema } from '@firstsync/contracts';
import { decodeValue, readJson } from '@firstsync/kafka';
import { z } from 'zod';
import type { AcceptedRecord } from './store';

// Only what the idempotency store needs is checked: a full contract parse of every record at
// start-up would cost CPU for nothing (ingest wrote these records after validating them).
const eventShape = z.object({
  envelope: z.object({ pharmacyOds: z.string().min(1), warnings: z.array(consultationWarningSchema) }),
  consultation: z.looseObject({ consultationId: z.string().min(1), version: z.int().min(1) }),
});

/**
 * A record of `consultations.v1` -> what the idempotency store keeps. The fingerprint is taken from
 * the consultation exactly as published (the parsed consultation), so it equals the fingerprint
 * computed when the same body is submitted again.
 */
export function acceptedRecordFromEvent(
  value: Buffer | null,
  alreadyKnown: (consultationId: string, version: number) => boolean = () => false,
): AcceptedRecord | undefined {
  const read = readJson(value);
  if (!read.ok) return undefined;
  const json = read.value;
  // Most records read after start-up are this instance's own acceptances: skip the shape check and
  // the fingerprint (most of the cost) when the store would keep what it has anyway.
  const ids = (json as { consultation?: { consultationId?: unknown; version?: unknown } } | null)?.consultation;
  if (typeof ids?.consultationId === 'string' && typeof ids.version === 'number' && alreadyKnown(ids.consultationId, ids.version)) return undefined;
  const parsed = decodeValue(json, eventShape);
  if (!parsed.ok) return undefined;
  const raw = (json as { consultation: unknown }).consultation;
  return {
    consultationId: parsed.value.consultation.consultationId,
    version: parsed.value.consultation.version,
    fingerprint: consultationFingerprint(raw),
    pharmacyOds: parsed.value.envelope.pharmacyOds,
    warnings: parsed.value.envelope.warnings,
  };
}
