// Public API of @firstsync/outcomes (issue #17): pure, no I/O. See README.md.

// The fact schema is defined once in @firstsync/contracts (with every other topic's payload, so the
// AsyncAPI document is generated from it) and re-exported here as this package's contract.
export {
  AGE_BANDS,
  type AgeBand,
  ageBandSchema,
  type ConsultationPart,
  consultationPartSchema,
  DELIVERY_RESULTS,
  DELIVERY_ROUTES,
  type DeliveryFact,
  type DeliveryPart,
  type DeliveryResult,
  type DeliveryRoute,
  deliveryFactSchema,
  deliveryPartSchema,
  deliveryResultSchema,
  deliveryRouteSchema,
  factKeySchema,
  type MedicineFact,
  medicineFactSchema,
  type OutcomeFact,
  type OutcomeFactRecord,
  outcomeFactRecordSchema,
  outcomeFactSchema,
} from '@firstsync/contracts';
export { ageBandOn } from './age-band';
export { isPgdAntibiotic, PGD_ANTIBIOTICS, type PgdAntibiotic, pgdAntibioticOf } from './antibiotics';
export { consultationPartOf } from './consultation-part';
export { deliveryPartOf } from './delivery-part';
export {
  type CountTable,
  type DisclosedCount,
  type DisclosedTable,
  type DisclosedTotals,
  type DisclosureOptions,
  discloseCount,
  discloseTable,
  ROUNDING_BASE,
  SMALL_COUNT_MAX,
  SUPPRESSED,
} from './disclosure';
export { consultationRecordKey, deliveryRecordKey, factRecordKey, mergeFact, projectFacts } from './merge';
export { diffReferenceSets, type PracticeMove, type ReferenceDiff } from './reference/diff';
export { EPCN_CORE_PARTNER_COLUMNS, type PcnMembership, parseEpcnCorePartnerDetails } from './reference/epcn';
export { EPRACCUR_COLUMNS, PRACTICE_STATUSES, type PracticeRecord, type PracticeStatus, parseEpraccur } from './reference/epraccur';
export { columnLetter, ReferenceFileError, type ReferenceFileName } from './reference/errors';
export { type Placement, type ReferenceResolver, type ReferenceSet, referenceResolver, UNMAPPED, type Unmapped } from './reference/reference-set';
