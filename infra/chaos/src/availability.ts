/** How ingest answered while the faults ran: what a pharmacy system saw. */
export interface IngestAvailability {
  readonly requests: number;
  /** Answered 2xx (accepted, or a 207 batch) or 503 / 429 (a clear "try again"): the API behaved as documented. */
  readonly answered: number;
  /** No answer (connection refused or reset, timeout) or any other status (e.g. 500, 502). */
  readonly failed: number;
  /** answered / requests, 1 when there were none. */
  readonly share: number;
  readonly failedBy: Readonly<Record<string, number>>;
}

const ANSWERED = (status: string) => /^2\d\d$/.test(status) || status === '503' || status === '429';

/**
 * Pure: availability from the submitter's answers by status ('network' for no answer). Per-item
 * statuses inside a 207 batch (`item-…`) are not requests and are left out.
 */
export function ingestAvailability(statuses: Readonly<Record<string, number>>): IngestAvailability {
  let answered = 0;
  let failed = 0;
  const failedBy: Record<string, number> = {};
  for (const [status, n] of Object.entries(statuses)) {
    if (status.startsWith('item-')) continue;
    if (ANSWERED(status)) answered += n;
    else {
      failed += n;
      failedBy[status] = n;
    }
  }
  const requests = answered + failed;
  return { requests, answered, failed, share: requests === 0 ? 1 : answered / requests, failedBy };
}

export function formatAvailability(a: IngestAvailability): string {
  const failures = Object.keys(a.failedBy).length > 0 ? ` (${JSON.stringify(a.failedBy)})` : '';
  return `${(a.share * 100).toFixed(3)}% answered 2xx/503/429, ${a.failed} of ${a.requests} failed${failures}`;
}
