import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import type { SessionRepository } from './sessions';

/**
 * A consultation view as the store keeps it: the document the caller derived (returned as written)
 * plus the columns the list, counts, practice health and chart select and sort on.
 */
export interface ViewRow<View extends object = object> {
  consultationId: string;
  state: string;
  practiceOds?: string;
  pharmacyOds?: string;
  service?: string;
  /** When received (or first seen), epoch ms: what the date filters compare. */
  seenMs: number;
  /** Most recent activity, epoch ms: the list order. */
  lastEventMs: number;
  receivedMs?: number;
  deliveredMs?: number;
  /** Kept verbatim so a practice's last delivery reads exactly as the event said it. */
  deliveredAt?: string;
  view: View;
}

/** What the list, CSV export and bulk resend select on (all optional; empty strings select nothing). */
export interface ViewQuery {
  states?: readonly string[];
  pharmacyOds?: string;
  practiceOds?: string;
  service?: string;
  /** Inclusive lower bound on seenMs. */
  fromMs?: number;
  /** Exclusive upper bound on seenMs. */
  toMs?: number;
  /** Exact (already normalised) prefix of the consultation id. */
  idPrefix?: string;
}

/** How the store files an event beyond its consultation's timeline. */
export interface EventTags {
  /** Practice-scoped event the practice health view needs (hold, release, breaker, route). */
  practiceSignal: boolean;
  /** Operator or audit event, listed on the audit page. */
  audit: boolean;
  /** The operator command an outcome event answers (details.commandId). */
  commandId?: string;
}

export interface TaggedEvent {
  readonly event: PipelineEvent;
  readonly tags: EventTags;
}

/** Where a consumer is in one partition: the offset of the next record to read. */
export interface StreamPosition {
  consumer: string;
  topic: string;
  partition: number;
  /** Decimal string: Kafka offsets are 64-bit. */
  nextOffset: string;
}

export interface PracticeTally {
  practiceOds: string;
  state: string;
  count: number;
  /** Latest deliveredAt among them (by instant). */
  lastDeliveredAt?: string;
}

/** Writes of one transaction: the events, the view they derive and the offsets they came from commit together. */
export interface ReadStoreTx<View extends object = object> {
  /**
   * Serialises every writer of these consultations until commit (several instances may apply events
   * of the same consultation at once; each must derive its view from every event committed before).
   * Taken in one order whatever the order given, so two writers of overlapping sets cannot deadlock.
   */
  lockConsultations(consultationIds: readonly string[]): Promise<void>;
  /** False when an event with this eventId is already stored (redelivery, replay, another instance). */
  insertEvent(event: PipelineEvent, tags: EventTags): Promise<boolean>;
  /**
   * Many events in one statement (a projection's batch: one round trip instead of one per event),
   * each stored unless its eventId already is, as insertEvent would; resolves to the eventIds that
   * were new.
   */
  insertEvents(events: readonly TaggedEvent[]): Promise<readonly string[]>;
  /** Every stored event of each consultation, in no particular order (the caller sorts); one query. */
  timelines(consultationIds: readonly string[]): Promise<Map<string, PipelineEvent[]>>;
  /** Stores each view (one per consultation), replacing what was there; one statement. */
  putViews(rows: readonly ViewRow<View>[]): Promise<void>;
  /** False for a commandId already stored. */
  insertCommand(command: OpsCommand): Promise<boolean>;
  /** Moves the consumer's position forward (never back: a late, stale writer cannot rewind it). */
  saveOffset(position: StreamPosition): Promise<void>;
}

export interface Range {
  offset: number;
  limit: number;
}

export interface ReadStore<View extends object = object> {
  transaction<T>(fn: (tx: ReadStoreTx<View>) => Promise<T>): Promise<T>;
  view(consultationId: string): Promise<View | undefined>;
  timeline(consultationId: string): Promise<PipelineEvent[]>;
  /** Matching views, most recently active first (then by id). */
  views(query: ViewQuery, range: Range): Promise<View[]>;
  countViews(query: ViewQuery): Promise<number>;
  /** Views received or delivered within [fromMs, toMs): what a throughput chart needs. */
  viewsActiveBetween(fromMs: number, toMs: number): Promise<View[]>;
  /** Every view with its timeline, by consultation id: for snapshots and checks, not for pages. */
  allConsultations(): Promise<{ view: View; timeline: PipelineEvent[] }[]>;
  stateCounts(): Promise<Map<string, number>>;
  practiceTallies(): Promise<PracticeTally[]>;
  practiceSignals(): Promise<PipelineEvent[]>;
  /** The newest `limit` audit events (by at, then eventId). */
  auditEvents(limit: number): Promise<PipelineEvent[]>;
  /** The newest `limit` commands (by requestedAt, then commandId). */
  commands(limit: number): Promise<OpsCommand[]>;
  /** Events that name one of these commands in details.commandId. */
  outcomesOf(commandIds: readonly string[]): Promise<PipelineEvent[]>;
  offsets(consumer: string): Promise<StreamPosition[]>;
  /**
   * Forgets up to `limit` consultations whose latest event is older than `cutoffMs` (epoch ms):
   * their events and their view, so a timeline is kept whole or not at all. Events of no
   * consultation (a practice hold) are kept however old. Resolves to how many consultations were
   * forgotten: a caller repeats while that equals `limit`, keeping each transaction short.
   */
  prune(cutoffMs: number, limit: number): Promise<number>;
  /** The dashboard's sessions in this store (table `sessions`), shared by every instance on it. */
  sessions<User extends object, Data extends object>(): SessionRepository<User, Data>;
  close(): Promise<void>;
}
