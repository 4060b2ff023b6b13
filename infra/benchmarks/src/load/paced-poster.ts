import { randomUUID } from 'node:crypto';
import { consultationBody, DEMO_AUTHORIZATION } from '../payloads/consultation';
import { sendSchedule } from '../stats/schedule';
import { progressLine } from './progress';

export interface SentConsultation {
  readonly consultationId: string;
  readonly practiceOds: string;
  readonly sentAtMs: number;
  status?: number;
  answeredAtMs?: number;
}

export interface PacedOptions {
  label: string;
  ingestUrl: string;
  ratePerSecond: number;
  durationMs: number;
  practiceFor: (index: number) => string;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Open-loop load at a fixed offered rate: each consultation is POSTed at its slot in the schedule
 * whatever happened to earlier ones, and its send time is kept for end-to-end latency.
 */
export async function postAtFixedRate(options: PacedOptions): Promise<SentConsultation[]> {
  const schedule = sendSchedule(options.ratePerSecond, options.durationMs);
  const sent: SentConsultation[] = [];
  const inFlight = new Set<Promise<void>>();
  const progress = progressLine(options.label);
  const start = Date.now();
  let next = 0;
  while (next < schedule.length && options.signal?.aborted !== true) {
    const now = Date.now() - start;
    // Send everything that is due (catching up after a late timer) before sleeping again.
    while (next < schedule.length && (schedule[next] ?? 0) <= now) {
      const practiceOds = options.practiceFor(next);
      const record: SentConsultation = { consultationId: randomUUID(), practiceOds, sentAtMs: Date.now() };
      sent.push(record);
      const request = fetch(`${options.ingestUrl}/v1/consultations`, {
        method: 'POST',
        headers: { authorization: DEMO_AUTHORIZATION, 'content-type': 'application/json' },
        body: JSON.stringify(consultationBody(record.consultationId, practiceOds)),
      })
        .then(async (response) => {
          await response.arrayBuffer();
          record.status = response.status;
          record.answeredAtMs = Date.now();
        })
        .catch(() => {
          record.status = 0;
        })
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
      next += 1;
    }
    progress.update(`${next}/${schedule.length} sent at ${options.ratePerSecond}/s, ${inFlight.size} in flight`);
    const due = schedule[next];
    if (due !== undefined) await sleep(Math.max(0, due - (Date.now() - start)));
  }
  await Promise.all([...inFlight]);
  const accepted = sent.filter((s) => s.status === 202).length;
  progress.done(`${sent.length} sent at ${options.ratePerSecond}/s, ${accepted} accepted (202)`);
  return sent;
}
