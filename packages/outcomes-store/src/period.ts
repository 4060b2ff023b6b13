import type { Granularity, Period } from './port';

/**
 * Periods are whole weeks (Monday to Monday) or whole months, as calendar dates (YYYY-MM-DD) with
 * no time zone: a consultation date is the pharmacy's calendar day, so date arithmetic in UTC is exact.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toDate(date: string): Date {
  const m = DATE.exec(date);
  const parsed = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(Number.NaN);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) throw new RangeError('a date must be a real calendar date YYYY-MM-DD');
  return parsed;
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return iso(new Date(toDate(date).getTime() + days * DAY_MS));
}

export function addMonths(date: string, months: number): string {
  const d = toDate(date);
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate())));
}

/** The Monday of the week `date` is in. */
export function weekStart(date: string): string {
  const day = toDate(date).getUTCDay(); // 0 Sunday .. 6 Saturday
  return addDays(date, -((day + 6) % 7));
}

export function monthStart(date: string): string {
  toDate(date);
  return `${date.slice(0, 7)}-01`;
}

const bucketStart = (granularity: Granularity, date: string) => (granularity === 'week' ? weekStart(date) : monthStart(date));
const step = (granularity: Granularity, date: string, n: number) => (granularity === 'week' ? addDays(date, 7 * n) : addMonths(date, n));

/** The week or month `today` is in. */
export function currentPeriod(granularity: Granularity, today: string): Period {
  const from = bucketStart(granularity, today);
  return { granularity, from, to: step(granularity, from, 1) };
}

/** The last `count` weeks or months up to and including the one `today` is in (12 months: the year view). */
export function trailingPeriod(granularity: Granularity, today: string, count: number): Period {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('a period has at least one week or month');
  const to = step(granularity, bucketStart(granularity, today), 1);
  return { granularity, from: step(granularity, to, -count), to };
}

/** How many weeks or months the period spans. */
export function periodLength(period: Period): number {
  if (period.granularity === 'week') return Math.round((toDate(period.to).getTime() - toDate(period.from).getTime()) / (7 * DAY_MS));
  const from = toDate(period.from);
  const to = toDate(period.to);
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();
}

/** The same number of weeks or months immediately before. */
export function previousPeriod(period: Period): Period {
  return { granularity: period.granularity, from: step(period.granularity, period.from, -periodLength(period)), to: period.from };
}

/** The first day of each week or month of the period, in order. */
export function periodBuckets(period: Period): string[] {
  const buckets: string[] = [];
  for (let start = period.from; start < period.to; start = step(period.granularity, start, 1)) buckets.push(start);
  return buckets;
}

/** The longest period the store answers: ten years of weeks or months. */
export const MAX_PERIOD_BUCKETS = 520;

/**
 * Checks an untrusted period (query string): real dates, aligned to Mondays or 1sts, `from` before
 * `to`, at most MAX_PERIOD_BUCKETS buckets. Returns the period, or why not (no input echoed).
 */
export function parsePeriod(input: { granularity?: string; from?: string; to?: string }): Period | { error: string } {
  const { granularity, from, to } = input;
  if (granularity !== 'week' && granularity !== 'month') return { error: "granularity must be 'week' or 'month'" };
  if (typeof from !== 'string' || typeof to !== 'string' || !DATE.test(from) || !DATE.test(to)) return { error: 'from and to must be dates YYYY-MM-DD' };
  try {
    toDate(from);
    toDate(to);
  } catch {
    return { error: 'from and to must be real calendar dates' };
  }
  if (bucketStart(granularity, from) !== from || bucketStart(granularity, to) !== to) {
    return { error: granularity === 'week' ? 'from and to must be Mondays' : 'from and to must be the 1st of a month' };
  }
  if (from >= to) return { error: 'from must be before to' };
  const period: Period = { granularity, from, to };
  if (periodLength(period) > MAX_PERIOD_BUCKETS) return { error: `a period spans at most ${MAX_PERIOD_BUCKETS} weeks or months` };
  return period;
}
