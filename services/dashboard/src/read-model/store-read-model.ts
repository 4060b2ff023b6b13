import { CONSULTATION_STATES, type ConsultationState, compareEvents, isOperatorEvent } from '@firstsync/consultation-lifecycle';
import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import type { EventTags, ReadStore, StreamPosition, ViewQuery, ViewRow } from '@firstsync/read-store';
import { type AuditEntry, commandEntry, compareAuditNewestFirst, eventEntry } from './audit';
import { type ConsultationView, deriveConsultation } from './derive-consultation';
import { type ConsultationFilter, type Page, type PageRequest, pageWindow } from './filter';
import { type MinuteBucket, minuteBuckets, minuteWindow } from './metrics';
import { isPracticeSignal, type PracticeHealth, practiceHealthFrom } from './practice-health';
import type { ApplyResult, ConsultationDetail, ReadModel, ReadModelSnapshot, RecordPosition, StateCounts } from './read-model';

const byEventOrder = (events: PipelineEvent[]) => events.sort(compareEvents);

const distinctConsultations = (events: readonly PipelineEvent[]): string[] => [
  ...new Set(events.flatMap((event) => (event.consultationId === undefined ? [] : [event.consultationId]))),
];

function tagsOf(event: PipelineEvent): EventTags {
  const audit = isOperatorEvent(event);
  const commandId = event.details?.commandId;
  const tags: EventTags = { practiceSignal: isPracticeSignal(event), audit };
  // Only operator events answer commands on the audit page, as in the in-memory model.
  if (audit && typeof commandId === 'string') tags.commandId = commandId;
  return tags;
}

function rowOf(view: ConsultationView): ViewRow<ConsultationView> {
  const row: ViewRow<ConsultationView> = {
    consultationId: view.consultationId,
    state: view.state,
    seenMs: Date.parse(view.receivedAt ?? view.firstEventAt),
    lastEventMs: Date.parse(view.lastEventAt),
    view,
  };
  if (view.practiceOds !== undefined) row.practiceOds = view.practiceOds;
  if (view.pharmacyOds !== undefined) row.pharmacyOds = view.pharmacyOds;
  if (view.service !== undefined) row.service = view.service;
  if (view.receivedAt !== undefined) row.receivedMs = Date.parse(view.receivedAt);
  if (view.deliveredAt !== undefined) {
    row.deliveredMs = Date.parse(view.deliveredAt);
    row.deliveredAt = view.deliveredAt;
  }
  return row;
}

/** The list filter as the store's query; an unparsable date bound selects nothing away, as `matchesFilter` does. */
export function viewQueryOf(filter: ConsultationFilter): ViewQuery {
  const query: ViewQuery = {};
  if (filter.states && filter.states.length > 0) query.states = filter.states;
  if (filter.pharmacyOds) query.pharmacyOds = filter.pharmacyOds;
  if (filter.practiceOds) query.practiceOds = filter.practiceOds;
  if (filter.service) query.service = filter.service;
  const from = filter.from ? Date.parse(filter.from) : Number.NaN;
  const to = filter.to ? Date.parse(filter.to) : Number.NaN;
  if (!Number.isNaN(from)) query.fromMs = from;
  if (!Number.isNaN(to)) query.toMs = to;
  if (filter.consultationId) query.idPrefix = filter.consultationId.toLowerCase();
  return query;
}

/**
 * The read model kept in a ReadStore (PostgreSQL: embedded PGlite or a server). A batch of events is
 * applied in one transaction that locks its consultations, stores the events (once per eventId),
 * re-derives each changed consultation's view from its whole stored timeline and, when the events
 * came from Kafka, moves the stored offset: so the view is the same pure function of the event set
 * as in memory, whichever instance applied which event, and a view never runs ahead of or behind
 * its offsets. A batch costs five statements however many events it holds (one event at a time,
 * the projection was the dashboard's largest cost under load).
 */
export class StoreReadModel implements ReadModel {
  constructor(
    private readonly store: ReadStore<ConsultationView>,
    /** Names this model's offsets in the store. */
    private readonly consumer = 'dashboard-read-model',
  ) {}

  /** `from` is where the event was read (the offset after it is stored with the view). */
  async apply(event: PipelineEvent, from?: RecordPosition): Promise<ApplyResult> {
    const [result] = await this.applyAll([event], from);
    return result ?? { applied: false };
  }

  async applyAll(events: readonly PipelineEvent[], from?: RecordPosition): Promise<ApplyResult[]> {
    return this.store.transaction(async (tx) => {
      await tx.lockConsultations(distinctConsultations(events));
      const inserted = new Set(await tx.insertEvents(events.map((event) => ({ event, tags: tagsOf(event) }))));
      if (from) await tx.saveOffset({ ...from, consumer: this.consumer });
      const changed = distinctConsultations(events.filter((event) => inserted.has(event.eventId)));
      const timelines = await tx.timelines(changed);
      await tx.putViews(
        changed.flatMap((consultationId) => {
          const view = deriveConsultation(consultationId, byEventOrder(timelines.get(consultationId) ?? []));
          return view ? [rowOf(view)] : [];
        }),
      );
      // An eventId twice in one batch was stored once: only its first occurrence counts as applied.
      const counted = new Set<string>();
      return events.map((event) => {
        if (!inserted.has(event.eventId) || counted.has(event.eventId)) return { applied: false };
        counted.add(event.eventId);
        const result: ApplyResult = { applied: true };
        if (event.practiceOds !== undefined) result.practiceOds = event.practiceOds;
        if (event.consultationId !== undefined) result.consultationId = event.consultationId;
        return result;
      });
    });
  }

  async applyCommand(command: OpsCommand, from?: RecordPosition): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const inserted = await tx.insertCommand(command);
      if (from) await tx.saveOffset({ ...from, consumer: this.consumer });
      return inserted;
    });
  }

  /** Where this model's consumer stopped, per topic and partition. */
  async offsets(): Promise<StreamPosition[]> {
    return this.store.offsets(this.consumer);
  }

  async query(filter: ConsultationFilter, request: PageRequest): Promise<Page<ConsultationView>> {
    const query = viewQueryOf(filter);
    const { start, ...window } = pageWindow(await this.store.countViews(query), request);
    return { items: await this.store.views(query, { offset: start, limit: window.pageSize }), ...window };
  }

  async select(filter: ConsultationFilter, limit: number): Promise<ConsultationView[]> {
    return this.store.views(viewQueryOf(filter), { offset: 0, limit });
  }

  async get(consultationId: string): Promise<ConsultationDetail | undefined> {
    const view = await this.store.view(consultationId);
    return view ? { view, timeline: byEventOrder(await this.store.timeline(consultationId)) } : undefined;
  }

  async practiceHealth(): Promise<PracticeHealth[]> {
    const signals = new Map<string, PipelineEvent[]>();
    for (const event of byEventOrder(await this.store.practiceSignals())) {
      if (event.practiceOds !== undefined) signals.set(event.practiceOds, [...(signals.get(event.practiceOds) ?? []), event]);
    }
    return practiceHealthFrom(await this.store.practiceTallies(), signals);
  }

  async counts(): Promise<StateCounts> {
    const stored = await this.store.stateCounts();
    const counts = Object.fromEntries(CONSULTATION_STATES.map((s) => [s, stored.get(s) ?? 0])) as Record<ConsultationState, number>;
    return Object.assign(counts, { total: [...stored.values()].reduce((a, b) => a + b, 0) });
  }

  async metrics(now: Date, minutes: number): Promise<MinuteBucket[]> {
    const { fromMs, toMs } = minuteWindow(now, minutes);
    return minuteBuckets(await this.store.viewsActiveBetween(fromMs, toMs), now, minutes);
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    // The newest `limit` of the union lie within the newest `limit` of each part.
    const [commands, events] = await Promise.all([this.store.commands(limit), this.store.auditEvents(limit)]);
    const outcomes = byEventOrder(await this.store.outcomesOf(commands.map((c) => c.commandId)));
    const entries = [
      ...commands.map((c) =>
        commandEntry(
          c,
          outcomes.filter((e) => e.details?.commandId === c.commandId),
        ),
      ),
      ...events.map(eventEntry),
    ];
    return entries.sort(compareAuditNewestFirst).slice(0, limit);
  }

  async snapshot(): Promise<ReadModelSnapshot> {
    const consultations = (await this.store.allConsultations()).map(({ view, timeline }) => ({ view, timeline: byEventOrder(timeline) }));
    return { consultations, practices: await this.practiceHealth(), counts: await this.counts(), audit: await this.audit(Number.MAX_SAFE_INTEGER) };
  }
}
