import { englandDateOf, londonOffsetMinutes } from '@firstsync/contracts';
import { isEnglandBankHoliday } from './bank-holidays';

/** `YYYY-MM-DD` calendar dates are handled as UTC midnights so adding days never meets a DST edge. */
function parseDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = parseDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return formatDate(d);
}

/** Monday to Friday and not an England and Wales bank holiday. */
export function isWorkingDay(date: string): boolean {
  const weekday = parseDate(date).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isEnglandBankHoliday(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string): string {
  let day = addDays(date, 1);
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * The instant of a London wall-clock time on a date. Clocks change at 01:00 UTC on Sundays, so the
 * offset at noon of the same day is the right one for any working-day time.
 */
export function londonTime(date: string, hhmm: string): Date {
  const [hours, minutes] = hhmm.split(':').map(Number);
  const noon = new Date(`${date}T12:00:00Z`);
  const offset = londonOffsetMinutes(noon.getTime());
  return new Date(Date.UTC(noon.getUTCFullYear(), noon.getUTCMonth(), noon.getUTCDate(), hours ?? 0, minutes ?? 0) - offset * 60_000);
}

export interface DeadlineOptions {
  /** London wall-clock time by which the practice must have the summary on the deadline day (core hours end 18:30). */
  closeOfDay?: string;
}

/**
 * Pharmacy First: the GP practice must be told on the same or the next working day. The latest
 * acceptable moment is therefore close of day on the first working day after the consultation's
 * date in England (a Saturday consultation: Monday; Friday before a bank holiday Monday: Tuesday).
 */
export function notificationDeadline(consultationAt: Date, { closeOfDay = '18:30' }: DeadlineOptions = {}): Date {
  return londonTime(nextWorkingDay(englandDateOf(consultationAt)), closeOfDay);
}
