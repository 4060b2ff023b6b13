/**
 * The outcomes store's interface (issue #17): what the dashboard's outcomes pages, API and exports
 * read, and what the absorber writes. Figures are RAW counts; every page, API answer and export
 * must go through `discloseFigures` (./disclose.ts) and show only its `DisclosedFigures`.
 */
import type { DeliveryResult, OutcomeFactRecord, ReferenceDiff, ReferenceSet } from '@firstsync/outcomes-core';
import type { StreamPosition } from '@firstsync/read-store';

// ---------------------------------------------------------------------------------------------
// Scopes

export const SCOPE_LEVELS = ['national', 'icb', 'sub-icb', 'pcn', 'practice', 'pharmacy'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];
export type AreaLevel = Exclude<ScopeLevel, 'national'>;

/**
 * Whose figures: the whole country, or one ICB / sub-ICB location / PCN / practice / pharmacy by
 * ODS code. A geographic scope holds the consultations of patients whose registered practice was
 * in it ON THE CONSULTATION DATE (a practice that moved PCN counts in its old PCN before the move,
 * its new one after). `code` may be `unmapped` (UNMAPPED) at icb, sub-icb and pcn level: the
 * consultations whose practice the reference data did not place at that level. A pharmacy scope
 * holds the consultations that pharmacy made.
 */
export type Scope = { readonly level: 'national' } | { readonly level: AreaLevel; readonly code: string };

/** A link in a breadcrumb or a child row. `name` null when the reference files give none (ICBs never have one in them). */
export interface ScopeRef {
  readonly level: ScopeLevel;
  /** null for national. */
  readonly code: string | null;
  readonly name: string | null;
}

// ---------------------------------------------------------------------------------------------
// Periods (pure helpers in ./period.ts: currentPeriod, previousPeriod, trailingPeriod, periodBuckets, parsePeriod)

export type Granularity = 'week' | 'month';

/**
 * A stretch of calendar days split into weeks or months: `from` inclusive, `to` exclusive, both
 * YYYY-MM-DD. With `week`, both are Mondays; with `month`, both are the 1st of a month. The
 * series has one bucket per week or month. A consultation is in the period by its consultation date.
 */
export interface Period {
  readonly granularity: Granularity;
  readonly from: string;
  readonly to: string;
}

// ---------------------------------------------------------------------------------------------
// Figures (raw)

/** How the outcomes group on the pages: supplied, advice only, referred (OUTCOME_GROUP_OF in ./outcome-groups.ts). */
export const OUTCOME_GROUPS = ['supplied', 'advice-only', 'referred'] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];

export interface SeriesPoint {
  /** First day of the week or month. */
  readonly start: string;
  readonly consultations: number;
}

export interface ServicePathwayCount {
  readonly service: string;
  /** The Pharmacy First clinical pathway, null for minor illness and the other services. */
  readonly pathway: string | null;
  readonly count: number;
  /** The same in the previous period. */
  readonly previous: number;
}

export interface OutcomeCount {
  readonly outcome: string;
  readonly group: OutcomeGroup;
  readonly count: number;
}

export interface AntibioticSupply {
  /** Every Pharmacy First clinical pathway, always all seven (zeros included). */
  readonly pathway: string;
  readonly consultations: number;
  /** Consultations in which at least one PGD antibiotic was supplied. */
  readonly withAntibiotic: number;
}

export interface MedicineCount {
  /** dm+d code (VMP or AMP); the page may name it, the store never holds names. */
  readonly dmdCode: string;
  /** Consultations in which it was supplied. */
  readonly consultations: number;
  /** Total quantity supplied, when every supply used one unit of measure; null when units differ. */
  readonly quantity: { readonly value: number; readonly unitCode: string } | null;
}

export interface DeliveryCount {
  readonly result: DeliveryResult;
  readonly count: number;
}

export interface PracticeCount {
  readonly practiceOds: string;
  readonly name: string | null;
  readonly count: number;
}

export interface FlowCount {
  readonly pharmacyOds: string;
  readonly practiceOds: string;
  readonly count: number;
}

export interface ChildCount extends ScopeRef {
  readonly count: number;
  readonly previous: number;
}

export interface OutcomeFigures {
  readonly scope: Scope;
  /** Name of the scope (null when the files give none). */
  readonly name: string | null;
  /** Breadcrumbs from national down to (not including) the scope, where the scope was on the period's last day. */
  readonly parents: readonly ScopeRef[];
  readonly period: Period;
  /** The same length immediately before (previousPeriod(period)). */
  readonly previousPeriod: Period;
  readonly totals: { readonly consultations: number; readonly previous: number };
  /** One point per week or month of the period, zeros included, in order. */
  readonly series: readonly SeriesPoint[];
  /** Every service/pathway seen in either period, by count descending. */
  readonly byServicePathway: readonly ServicePathwayCount[];
  /** Every outcome (all eight, zeros included), in OUTCOME_GROUPS then contract order. */
  readonly outcomeMix: readonly OutcomeCount[];
  readonly antibioticSupply: readonly AntibioticSupply[];
  /** The 10 medicines supplied in most consultations (ties by code). */
  readonly topMedicines: readonly MedicineCount[];
  /** Every delivery result (all seven, zeros included), in DELIVERY_RESULTS order. `not-shared` counts consultations not shared with the GP. */
  readonly deliveryMix: readonly DeliveryCount[];
  /**
   * Median minutes from the start of the consultation day (00:00 Europe/London) to `filedAt`, over
   * the filed consultations; null when none was filed. The facts carry the consultation's date but
   * never its time of day (de-identification), so this over-states the wait by the time of day the
   * consultation happened. `filings` is how many it is over (discloseFigures needs >= 8).
   */
  readonly medianMinutesToFiling: number | null;
  readonly filings: number;
  /** Practices with a consultation whose delivery result was `switched-off` (20010), by count descending. */
  readonly switchedOffPractices: readonly PracticeCount[];
  /**
   * Pharmacy -> registered practice pairs, by count descending (then codes): the first 1,000
   * (FLOWS_LIMIT; an ICB has tens of thousands, most of them 1-7). Empty at national level (a page
   * should offer an ICB's instead).
   */
  readonly flows: readonly FlowCount[];
  /**
   * The next level down with counts, both periods: national -> ICBs, ICB -> sub-ICBs, sub-ICB ->
   * PCNs, PCN -> practices; practice and pharmacy have none. Consultations the reference data did
   * not place at that level are one child with code `unmapped`, never dropped. Sorted by code.
   */
  readonly children: readonly ChildCount[];
}

// ---------------------------------------------------------------------------------------------
// Disclosed figures: the only shape pages, API answers and exports may show

/** A count after disclosure control: 0, `*` (1-7, or hidden to protect another), or a multiple of 5. */
export type Shown = number | '*';

export interface DisclosedFigures {
  readonly scope: Scope;
  readonly name: string | null;
  readonly parents: readonly ScopeRef[];
  readonly period: Period;
  readonly previousPeriod: Period;
  /** `changePercent`: from the shown figures, one decimal; null when either is `*` or previous is 0. */
  readonly totals: { readonly consultations: Shown; readonly previous: Shown; readonly changePercent: number | null };
  readonly series: readonly { readonly start: string; readonly consultations: Shown }[];
  readonly byServicePathway: readonly { readonly service: string; readonly pathway: string | null; readonly count: Shown; readonly previous: Shown }[];
  readonly outcomeMix: readonly { readonly outcome: string; readonly group: OutcomeGroup; readonly count: Shown }[];
  readonly outcomeGroups: readonly { readonly group: OutcomeGroup; readonly count: Shown }[];
  /** `ratePercent`: withAntibiotic / consultations from the shown figures, one decimal; null when either is `*` or consultations is 0. */
  readonly antibioticSupply: readonly {
    readonly pathway: string;
    readonly consultations: Shown;
    readonly withAntibiotic: Shown;
    readonly ratePercent: number | null;
  }[];
  /** `quantity` rounded to the nearest 5, `*` whenever its consultations are `*`. */
  readonly topMedicines: readonly {
    readonly dmdCode: string;
    readonly consultations: Shown;
    readonly quantity: { readonly value: Shown; readonly unitCode: string } | null;
  }[];
  readonly deliveryMix: readonly { readonly result: DeliveryResult; readonly count: Shown }[];
  /** Whole minutes; `*` when fewer than 8 filings; null when none. */
  readonly medianMinutesToFiling: number | '*' | null;
  readonly switchedOffPractices: readonly { readonly practiceOds: string; readonly name: string | null; readonly count: Shown }[];
  readonly flows: readonly { readonly pharmacyOds: string; readonly practiceOds: string; readonly count: Shown }[];
  readonly children: readonly (ScopeRef & { readonly count: Shown; readonly previous: Shown })[];
}

// ---------------------------------------------------------------------------------------------
// Reference data

export interface ReferenceMeta {
  /** Where the files came from, for the status line (e.g. file names); never their content. */
  readonly source: string;
  /** ISO instant of the load. */
  readonly loadedAt: string;
  /** The date the diff compares placements on (YYYY-MM-DD, usually today). */
  readonly asOf: string;
}

export interface ReferenceStatus {
  readonly generation: number;
  readonly source: string;
  readonly loadedAt: string;
  readonly practices: number;
  readonly pcns: number;
  readonly subIcbs: number;
  readonly icbs: number;
  readonly memberships: number;
}

export interface ReferenceLoadResult {
  readonly status: ReferenceStatus;
  /** Against the set loaded before (an empty set on the first load). */
  readonly diff: ReferenceDiff;
  /** Stored consultations re-placed because their practice's reference rows changed. */
  readonly factsReplaced: number;
}

// ---------------------------------------------------------------------------------------------
// The store

export interface AbsorbResult {
  /** Consultation parts stored (new, or a newer version replacing an older one). */
  readonly consultations: number;
  /** Delivery parts stored. */
  readonly deliveries: number;
  /** Parts that changed nothing (an older version, a repeat). */
  readonly unchanged: number;
}

export interface FiguresOptions {
  /**
   * Restricts the figures to consultations also inside this scope (a commissioner looking at a
   * practice sees only the consultations while it was in their ICB). Server-side scoping: pass the
   * user's own scope.
   */
  readonly within?: Scope;
}

export interface OutcomesStore {
  /**
   * Stores fact records (in topic order) and the positions they were read up to, in ONE
   * transaction: an amended consultation replaces its older version's contribution (counted once),
   * a delivery part of the consultation's version sets its result, a repeat changes nothing. Parts
   * whose consultation part has not arrived yet are kept until it does.
   */
  absorb(records: readonly OutcomeFactRecord[], positions: readonly StreamPosition[]): Promise<AbsorbResult>;
  /** Where `consumer` stopped, per topic and partition (as read-store's stream_offsets). */
  offsets(consumer: string): Promise<StreamPosition[]>;
  figures(scope: Scope, period: Period, options?: FiguresOptions): Promise<OutcomeFigures>;
  /**
   * Whether `scope` lies in `ancestor` on at least one day of `period` by the reference data (a
   * pharmacy: whether it served a patient of `ancestor`'s practices then). For server-side access
   * checks before `figures(scope, period, { within: ancestor })`.
   */
  scopeWithin(scope: Scope, ancestor: Scope, period: Period): Promise<boolean>;
  /** Replaces the reference data, re-places the consultations it changes, and reports what changed. */
  loadReference(set: ReferenceSet, meta: ReferenceMeta): Promise<ReferenceLoadResult>;
  /** null before the first load. */
  referenceStatus(): Promise<ReferenceStatus | null>;
  /** The scope's name in the reference data (null when none, or unknown). */
  scopeName(scope: Scope): Promise<string | null>;
  close(): Promise<void>;
}

export interface OpenOutcomesStoreOptions {
  /** `postgres://…`, `pglite:` (memory) or `pglite:<dir>`, as @firstsync/read-store's databaseFor. */
  readonly url: string;
  /** Schema of the tables (default `outcomes`). */
  readonly schema?: string;
}

// The absorber (./absorber.ts, uses @firstsync/kafka only):
//   createOutcomesAbsorber(deps: { kafka: KafkaClient; logger: Logger; store: OutcomesStore; topic: string;
//     consumer?: string /* default 'outcomes-store' */; groupIdPrefix?: string; sessionTimeoutMs?; heartbeatIntervalMs? }): Promise<OutcomesAbsorber>
//   interface OutcomesAbsorber { readonly reached: Promise<void>; catchUp(timeoutMs: number): Promise<void>; readonly running: boolean; stop(): Promise<void> }
// Reference files: parseReferenceFiles({ epcn, epraccur }) (./reference-files.ts) gives the ReferenceSet for loadReference.
export type { OutcomeFactRecord, StreamPosition };
