import { addMonths, monthStart } from './period';
import type { Period } from './port';

/** Days counted straight from the facts, added (1) to or taken off (-1) the whole months. */
export interface FlowDays {
  readonly from: string;
  readonly to: string;
  readonly sign: 1 | -1;
}

/** How a period's pharmacy -> practice flows are counted: whole months from the monthly tallies (`months`, null for none), days from the facts. */
export interface FlowPlan {
  readonly months: { readonly from: string; readonly to: string } | null;
  readonly days: readonly FlowDays[];
}

const days = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/**
 * Flows are kept by month only (a row per pair, area and month), so a period of weeks counts its
 * whole months from them and its partial months at either end from the facts: the days inside the
 * period, or, when fewer, the whole month less the days outside it (Monday 1 December to Monday 29
 * December: December less its last three days rather than 28 days of facts). Pure.
 */
export function flowPlan(period: Period): FlowPlan {
  const firstMonth = period.from === monthStart(period.from) ? period.from : addMonths(monthStart(period.from), 1);
  const endMonth = monthStart(period.to);
  if (firstMonth > endMonth) return { months: null, days: [{ from: period.from, to: period.to, sign: 1 }] };
  let from = firstMonth;
  let to = endMonth;
  const plan: FlowDays[] = [];
  if (period.from < firstMonth) {
    const before = monthStart(period.from);
    if (days(before, period.from) < days(period.from, firstMonth)) {
      from = before;
      plan.push({ from: before, to: period.from, sign: -1 });
    } else plan.push({ from: period.from, to: firstMonth, sign: 1 });
  }
  if (endMonth < period.to) {
    const after = addMonths(endMonth, 1);
    if (days(period.to, after) < days(endMonth, period.to)) {
      to = after;
      plan.push({ from: period.to, to: after, sign: -1 });
    } else plan.push({ from: endMonth, to: period.to, sign: 1 });
  }
  return { months: from < to ? { from, to } : null, days: plan };
}
