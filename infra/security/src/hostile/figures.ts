import type { Expectation, IngestAttack } from './ingest-attacks';
import type { Exchange, Target } from './recorder';

/** What ingest answered one attack: the HTTP status and, for a batch, each item's status. */
export interface IngestOutcome {
  readonly attack: IngestAttack;
  readonly status: number;
  /** Per consultation carried (one for a single POST): the status a single POST would have had. */
  readonly items: readonly { consultationId: string; status: number }[];
}

export interface Counts {
  tried: number;
  accepted: number;
  redirected: number;
  refused: Record<string, number>;
  serverErrors: number;
  noAnswer: number;
}

/** A named pass/fail finding of the run ('skipped' when the run was too small to tell). */
export interface Check {
  readonly name: string;
  readonly result: 'pass' | 'fail' | 'skipped';
  readonly detail: string;
}

/** Pipeline events that say the GP system took the consultation into its workflow (ITK3 30001, FHIR 2xx) or filed it. */
export const REACHED_GP_EVENTS: ReadonlySet<string> = new Set(['delivered', 'filed']);

/** Each consultation's pipeline event types, in order. */
export type Trails = ReadonlyMap<string, { readonly types: readonly string[]; readonly lastCode?: string | undefined }>;

/** Pure: whether the pipeline says the consultation reached the GP. */
export const reachedGp = (trails: Trails, consultationId: string) => (trails.get(consultationId)?.types ?? []).some((type) => REACHED_GP_EVENTS.has(type));

const LIST_MAX = 25;
const list = (items: readonly string[]) =>
  items.length <= LIST_MAX ? items.join('; ') : `${items.slice(0, LIST_MAX).join('; ')}; ... and ${items.length - LIST_MAX} more`;
const short = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

/** Pure: tried / 2xx / 3xx / 4xx by status / 5xx / no answer, per service. */
export function countExchanges(exchanges: readonly Exchange[], target: Target): Counts {
  const counts: Counts = { tried: 0, accepted: 0, redirected: 0, refused: {}, serverErrors: 0, noAnswer: 0 };
  for (const e of exchanges.filter((x) => x.target === target)) {
    counts.tried += 1;
    if (e.status === 0) counts.noAnswer += 1;
    else if (e.status < 300) counts.accepted += 1;
    else if (e.status < 400) counts.redirected += 1;
    else if (e.status < 500) counts.refused[e.status] = (counts.refused[e.status] ?? 0) + 1;
    else counts.serverErrors += 1;
  }
  return counts;
}

const check = (name: string, failures: readonly string[], passDetail: string): Check => ({
  name,
  result: failures.length === 0 ? 'pass' : 'fail',
  detail: failures.length === 0 ? passDetail : list(failures),
});

/** Pure: no 5xx and an answer to every request, anywhere. */
export function serverErrorChecks(exchanges: readonly Exchange[]): Check[] {
  const describe = (e: Exchange) => `${e.target} ${e.method} ${short(e.path)} -> ${e.status || e.error} (${e.group}: ${short(e.label)})`;
  return [
    check('no 5xx answers', exchanges.filter((e) => e.status >= 500).map(describe), `none in ${exchanges.length} requests`),
    check('every request answered', exchanges.filter((e) => e.status === 0).map(describe), 'no connection errors or timeouts'),
  ];
}

/** Pure: ingest refuses with RFC 9457 problems, refuses what it must, accepts real names. */
export function ingestChecks(exchanges: readonly Exchange[], outcomes: readonly IngestOutcome[]): Check[] {
  const refusedNotProblem = exchanges.filter(
    (e) => e.target === 'ingest' && e.status >= 400 && e.status < 500 && !e.contentType.startsWith('application/problem+json'),
  );
  const itemOk = (status: number, expect: Expectation) =>
    expect === 'refuse' ? status >= 400 && status < 500 : expect === 'accept' ? status >= 200 && status < 300 : status < 500 && status > 0;
  const wrong = (expect: Expectation) =>
    outcomes
      .filter((o) => o.attack.expect === expect && o.items.some((item) => !itemOk(item.status, expect)))
      .map((o) => `${o.attack.group}: ${o.attack.label} -> ${o.items.map((i) => i.status).join(',')}`);
  return [
    check(
      'ingest refusals are problem+json',
      refusedNotProblem.map((e) => `${e.method} ${e.path} -> ${e.status} ${e.contentType || '(no content type)'}`),
      'every 4xx is application/problem+json',
    ),
    check('probe attacks refused', wrong('refuse'), `${outcomes.filter((o) => o.attack.expect === 'refuse').length} refused with 4xx`),
    check('real Latin-script names accepted', wrong('accept'), `${outcomes.filter((o) => o.attack.expect === 'accept').length} accepted`),
  ];
}

/** Pure: every consultation ingest accepted reached the GP (its pipeline events say so). */
export function deliveryCheck(outcomes: readonly IngestOutcome[], trails: Trails): Check {
  const undeliverable: string[] = [];
  let accepted = 0;
  for (const o of outcomes) {
    for (const item of o.items) {
      if (item.status < 200 || item.status >= 300) continue;
      accepted += 1;
      if (reachedGp(trails, item.consultationId)) continue;
      const trail = trails.get(item.consultationId);
      const last = trail ? `last event ${trail.types[trail.types.length - 1] ?? '?'}${trail.lastCode ? ` ${trail.lastCode}` : ''}` : 'no pipeline events';
      undeliverable.push(`${o.attack.group}: ${o.attack.label} (${last})`);
    }
  }
  return check('every accepted consultation reached the GP', undeliverable, `${accepted} of ${accepted} accepted consultations delivered`);
}

/**
 * Pure: batch items cost a rate-limit token each. Accepted items of the batch key cannot exceed
 * what its bucket holds (burst) plus what it refills while the batches were sent.
 */
export function batchRateCheck(outcomes: readonly IngestOutcome[], limit: { perSecond: number; burst: number }, elapsedMs: number): Check {
  const batches = outcomes.filter((o) => o.attack.sender === 'batch');
  const accepted = batches.flatMap((o) => o.items).filter((i) => i.status >= 200 && i.status < 300).length;
  const carried = batches.reduce((n, o) => n + o.items.length, 0);
  const allowed = Math.floor(limit.burst + (limit.perSecond * elapsedMs) / 1000) + 1;
  if (carried <= allowed)
    return {
      name: 'batch items each cost a rate-limit token',
      result: 'skipped',
      detail: `${carried} items are within the ${allowed} the bucket allows; cannot tell`,
    };
  const detail = `${accepted} of ${carried} items accepted in ${batches.length} batches over ${(elapsedMs / 1000).toFixed(1)} s; the bucket allows at most ${allowed}`;
  return { name: 'batch items each cost a rate-limit token', result: accepted <= allowed ? 'pass' : 'fail', detail };
}

/** Pure: every `next` answer is a redirect to the dashboard itself, a page, or a 4xx. */
export function nextChecks(exchanges: readonly Exchange[], sameOrigin: (location: string) => boolean): Check {
  const unsafe = exchanges
    .filter((e) => e.group === 'hostile next')
    .filter((e) => e.status >= 500 || e.status === 0 || (e.status >= 300 && e.status < 400 && !sameOrigin(e.location ?? '')))
    .map((e) => `${short(e.label)} -> ${e.status}${e.location !== undefined ? ` Location ${short(e.location)}` : ''}`);
  return check('hostile next values: safe redirect or 4xx', unsafe, `${exchanges.filter((e) => e.group === 'hostile next').length} answers, all safe`);
}
