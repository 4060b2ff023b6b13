import { CONSULTATION_STATES, type ConsultationState, isOperatorEvent } from '@firstsync/consultation-lifecycle';
import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import { type AuditEntry, commandEntry, compareAuditNewestFirst, eventEntry } from './audit';
import { type ConsultationView, deriveConsultation } from './derive-consultation';
import { insertSorted } from './event-order';
import { type ConsultationFilter, matchesFilter, paginate, sortByRecentActivity } from './filter';
import { minuteBuckets } from './metrics';
import { derivePracticeHealth, isPracticeSignal } from './practice-health';
import type { ApplyResult, ConsultationDetail, ReadModel, ReadModelSnapshot, StateCounts } from './read-model';

interface ConsultationEntry {
  events: PipelineEvent[];
  view: ConsultationView;
}

function zeroCounts(): StateCounts {
  return Object.assign(Object.fromEntries(CONSULTATION_STATES.map((s) => [s, 0])) as Record<ConsultationState, number>, { total: 0 });
}

/**
 * The read model held in memory. Each consultation keeps its events sorted and its view is
 * re-derived from all of them on every change, so the state is always exactly a function of the
 * event set (duplicates dropped by eventId), never of arrival order.
 */
export class InMemoryReadModel implements ReadModel {
  private readonly seenEvents = new Set<string>();
  private readonly consultations = new Map<string, ConsultationEntry>();
  private readonly practiceSignals = new Map<string, PipelineEvent[]>();
  private readonly auditEvents: PipelineEvent[] = [];
  private readonly commands = new Map<string, OpsCommand>();
  /** Outcome events by the commandId they name in details, for the audit page. */
  private readonly outcomesByCommand = new Map<string, PipelineEvent[]>();
  private readonly stateCounts = zeroCounts();

  async apply(event: PipelineEvent): Promise<ApplyResult> {
    return this.applySync(event);
  }

  async applyAll(events: readonly PipelineEvent[]): Promise<ApplyResult[]> {
    return events.map((event) => this.applySync(event));
  }

  applySync(event: PipelineEvent): ApplyResult {
    if (this.seenEvents.has(event.eventId)) return { applied: false };
    this.seenEvents.add(event.eventId);
    const result: ApplyResult = { applied: true };
    if (event.practiceOds !== undefined) result.practiceOds = event.practiceOds;
    if (event.consultationId !== undefined) {
      this.applyToConsultation(event.consultationId, event);
      result.consultationId = event.consultationId;
    }
    if (isPracticeSignal(event) && event.practiceOds !== undefined) {
      const signals = this.practiceSignals.get(event.practiceOds) ?? [];
      insertSorted(signals, event);
      this.practiceSignals.set(event.practiceOds, signals);
    }
    if (isOperatorEvent(event)) {
      this.auditEvents.push(event);
      const commandId = event.details?.commandId;
      if (typeof commandId === 'string') this.outcomesByCommand.set(commandId, [...(this.outcomesByCommand.get(commandId) ?? []), event]);
    }
    return result;
  }

  private applyToConsultation(consultationId: string, event: PipelineEvent): void {
    const existing = this.consultations.get(consultationId);
    const events = existing?.events ?? [];
    insertSorted(events, event);
    const view = deriveConsultation(consultationId, events);
    if (!view) return;
    if (existing) {
      this.stateCounts[existing.view.state] -= 1;
      this.stateCounts.total -= 1;
    }
    this.stateCounts[view.state] += 1;
    this.stateCounts.total += 1;
    this.consultations.set(consultationId, { events, view });
  }

  async applyCommand(command: OpsCommand): Promise<boolean> {
    if (this.commands.has(command.commandId)) return false;
    this.commands.set(command.commandId, command);
    return true;
  }

  async query(filter: ConsultationFilter, page: { page: number; pageSize: number }) {
    return paginate(this.matching(filter), page);
  }

  async select(filter: ConsultationFilter, limit: number): Promise<ConsultationView[]> {
    return this.matching(filter).slice(0, limit);
  }

  private matching(filter: ConsultationFilter): ConsultationView[] {
    const views: ConsultationView[] = [];
    for (const { view } of this.consultations.values()) if (matchesFilter(view, filter)) views.push(view);
    return sortByRecentActivity(views);
  }

  async get(consultationId: string): Promise<ConsultationDetail | undefined> {
    const entry = this.consultations.get(consultationId);
    return entry ? { view: { ...entry.view }, timeline: [...entry.events] } : undefined;
  }

  async practiceHealth() {
    return derivePracticeHealth(this.views(), this.practiceSignals);
  }

  async counts(): Promise<StateCounts> {
    return { ...this.stateCounts };
  }

  async metrics(now: Date, minutes: number) {
    return minuteBuckets(this.views(), now, minutes);
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    const entries = [
      ...[...this.commands.values()].map((c) => commandEntry(c, this.outcomesByCommand.get(c.commandId) ?? [])),
      ...this.auditEvents.map(eventEntry),
    ];
    return entries.sort(compareAuditNewestFirst).slice(0, limit);
  }

  async snapshot(): Promise<ReadModelSnapshot> {
    const byId = [...this.consultations.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const consultations = byId.map(([, entry]) => ({ view: { ...entry.view }, timeline: [...entry.events] }));
    return { consultations, practices: await this.practiceHealth(), counts: await this.counts(), audit: await this.audit(Number.MAX_SAFE_INTEGER) };
  }

  private *views(): Iterable<ConsultationView> {
    for (const entry of this.consultations.values()) yield entry.view;
  }
}
