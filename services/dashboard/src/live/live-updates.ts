import type { Logger } from '@firstsync/logging';
import type { ConsultationView } from '../read-model/derive-consultation';
import type { ApplyResult, ReadModel, StateCounts } from '../read-model/read-model';
import { STATE_LABELS, STATE_TAG_COLOUR } from '../views/format';

/** What a browser is told about a consultation that changed (ids and state only, no PII). */
export interface ChangedConsultation {
  consultationId: string;
  state: string;
  stateLabel: string;
  /** NHS.UK tag colour, so the page script renders the same tag as the server. */
  tagColour: string;
  pharmacyOds?: string;
  practiceOds?: string;
  service?: string;
  lastEventAt: string;
  resendRequested: boolean;
}

export interface LiveUpdate {
  counts: StateCounts;
  changed: ChangedConsultation[];
  practicesChanged: boolean;
}

export interface LiveClient {
  send(chunk: string): void;
  close(): void;
}

export function summarise(view: ConsultationView): ChangedConsultation {
  const summary: ChangedConsultation = {
    consultationId: view.consultationId,
    state: view.state,
    stateLabel: STATE_LABELS[view.state],
    tagColour: STATE_TAG_COLOUR[view.state],
    lastEventAt: view.lastEventAt,
    resendRequested: view.resendRequested,
  };
  if (view.pharmacyOds !== undefined) summary.pharmacyOds = view.pharmacyOds;
  if (view.practiceOds !== undefined) summary.practiceOds = view.practiceOds;
  if (view.service !== undefined) summary.service = view.service;
  return summary;
}

export function sseMessage(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

// At most one push per interval: a replay or a burst of events becomes one message per browser
// instead of thousands, and the cost of pushing does not grow with the event rate.
const FLUSH_INTERVAL_MS = 250;
const HEARTBEAT_MS = 15_000;
const MAX_CHANGED_PER_PUSH = 200;

/** Server-sent events hub: collects what changed and pushes counts plus changed consultations. */
export class LiveUpdates {
  private readonly clients = new Set<LiveClient>();
  private readonly changedIds = new Set<string>();
  private practicesChanged = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly readModel: ReadModel,
    private readonly logger: Logger,
  ) {
    this.heartbeat = setInterval(() => this.broadcast(': keep-alive\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  async attach(client: LiveClient): Promise<() => void> {
    this.clients.add(client);
    const update: LiveUpdate = { counts: await this.readModel.counts(), changed: [], practicesChanged: false };
    client.send('retry: 3000\n\n');
    client.send(sseMessage('update', update));
    return () => this.clients.delete(client);
  }

  notify(result: ApplyResult): void {
    if (!result.applied) return;
    if (result.consultationId !== undefined) this.changedIds.add(result.consultationId);
    if (result.practiceOds !== undefined) this.practicesChanged = true;
    if (this.clients.size > 0) this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
    else this.changedIds.clear();
  }

  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const ids = [...this.changedIds].slice(0, MAX_CHANGED_PER_PUSH);
    this.changedIds.clear();
    const practicesChanged = this.practicesChanged;
    this.practicesChanged = false;
    try {
      const details = await Promise.all(ids.map((id) => this.readModel.get(id)));
      const changed = details.flatMap((d) => (d ? [summarise(d.view)] : []));
      this.broadcast(sseMessage('update', { counts: await this.readModel.counts(), changed, practicesChanged } satisfies LiveUpdate));
    } catch (err) {
      this.logger.warn({ err }, 'live update failed');
    }
  }

  private broadcast(chunk: string): void {
    for (const client of this.clients) {
      try {
        client.send(chunk);
      } catch {
        this.clients.delete(client);
        client.close();
      }
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    for (const client of this.clients) client.close();
    this.clients.clear();
  }
}
