import type { ConsultationState } from '@firstsync/consultation-lifecycle';
import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import type { AuditEntry } from './audit';
import type { ConsultationView } from './derive-consultation';
import type { ConsultationFilter, Page, PageRequest } from './filter';
import type { MinuteBucket } from './metrics';
import type { PracticeHealth } from './practice-health';

export interface ConsultationDetail {
  view: ConsultationView;
  /** Every event of the consultation in `compareEvents` order: the timeline of every attempt. */
  timeline: PipelineEvent[];
}

export type StateCounts = Record<ConsultationState, number> & { total: number };

/** What applying an event changed, so live views can push exactly that. */
export interface ApplyResult {
  /** False for a duplicate (same eventId seen before). */
  applied: boolean;
  consultationId?: string;
  practiceOds?: string;
}

/** Everything in the model, in a canonical order: two models fed the same events compare deep-equal. */
export interface ReadModelSnapshot {
  consultations: ConsultationDetail[];
  practices: PracticeHealth[];
  counts: StateCounts;
  audit: AuditEntry[];
}

/**
 * The dashboard's read model of `pipeline.events.v1` (plus the operator commands, for the audit
 * page). Asynchronous so that a database can back it: the in-memory implementation is rebuilt from
 * the topic at every start, the store-backed one (READ_STORE_URL) keeps it in PostgreSQL.
 */
/** Where a record was read: a persistent model stores `nextOffset` with what the record changed. */
export interface RecordPosition {
  topic: string;
  partition: number;
  /** The offset after the record's (Kafka's committed-offset convention), as a decimal string. */
  nextOffset: string;
}

export interface ReadModel {
  apply(event: PipelineEvent, from?: RecordPosition): Promise<ApplyResult>;
  /**
   * Applies a batch read from one partition, as `apply` would one by one, with one position: the
   * offset after the batch's last record. A result per event, in order.
   */
  applyAll(events: readonly PipelineEvent[], from?: RecordPosition): Promise<ApplyResult[]>;
  /** Records an operator command seen on `ops.commands.v1` (deduplicated by commandId). */
  applyCommand(command: OpsCommand, from?: RecordPosition): Promise<boolean>;
  /**
   * Where a persistent model's feed stopped, per partition (the offset after the last record it
   * applied): the feed resumes there instead of reading the topics again. Absent for a model in memory.
   */
  offsets?(): Promise<readonly RecordPosition[]>;
  query(filter: ConsultationFilter, page: PageRequest): Promise<Page<ConsultationView>>;
  /** All matching consultations (for CSV export and bulk resend), most recently active first. */
  select(filter: ConsultationFilter, limit: number): Promise<ConsultationView[]>;
  get(consultationId: string): Promise<ConsultationDetail | undefined>;
  practiceHealth(): Promise<PracticeHealth[]>;
  counts(): Promise<StateCounts>;
  metrics(now: Date, minutes: number): Promise<MinuteBucket[]>;
  audit(limit: number): Promise<AuditEntry[]>;
  snapshot(): Promise<ReadModelSnapshot>;
}
