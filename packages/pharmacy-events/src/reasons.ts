import { ITK_RESPONSE_CODES, itkCodeMeaning, MESH_REPORT_CODES } from '@firstsync/consultation-lifecycle';

/**
 * The PII-free texts pharmacy events carry. Every one comes from firstsync's own code tables or
 * from the fixed texts below, never from a pipeline event's free text (`message`, `reason`,
 * `details`), which may quote what a GP system or mail relay answered.
 */
export const REASON = {
  accepted: 'accepted by firstsync and on its way to the practice',
  replaced: 'superseded by an amendment (a newer version of the consultation)',
  delivered: "the practice's GP system has the consultation",
  mappingFailed: 'the consultation could not be turned into a valid GP Connect message; firstsync operators are looking into it',
  deadLettered: 'the consultation could not be delivered; firstsync operators are looking into it',
  fallbackFailed: 'the NHSmail summary could not be sent to the practice; firstsync operators are looking into it',
  fallbackSent: 'an NHSmail summary was sent to the practice instead of a structured record',
  infAckTimeout: "the practice's GP system did not acknowledge the message in time",
  busAckTimeout: "the practice's GP system did not confirm it took the message in time",
  deadline: 'the practice could not be reached before the notification deadline',
  unknownRejection: "the practice's GP system refused the consultation",
  structuredRouteFailed: 'the structured route to the practice could not deliver it',
  meshUndelivered: 'MESH could not deliver the message',
} as const;

/** What a delivery code means, in words from the ITK3 and MESH tables; undefined for codes they do not know. */
export function reasonOfCode(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const itk = ITK_RESPONSE_CODES.get(code);
  if (itk) return itk.meaning;
  const mesh = MESH_REPORT_CODES.get(code);
  if (mesh) return mesh.meaning;
  if (code === 'inf-ack-timeout') return REASON.infAckTimeout;
  if (code === 'bus-ack-timeout') return REASON.busAckTimeout;
  // ITK3 codes outside the table: their meaning goes by shape and sign (the table's own fallback).
  if (/^[123]\d{4}$/.test(code)) return itkCodeMeaning(code, false).meaning;
  return undefined;
}

/** `fallback-sent`'s reason: that a summary went by NHSmail, and why when known. */
export function fallbackReason(cause: string | undefined): string {
  return cause === undefined ? REASON.fallbackSent : `${REASON.fallbackSent}: ${cause}`;
}
