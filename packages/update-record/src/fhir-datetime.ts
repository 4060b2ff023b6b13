/**
 * FHIR STU3 primitive formats. An instant needs seconds and a zone; FHIR limits the offset to
 * +/-14:00, which is narrower than ISO 8601 allows.
 */
const ZONE = '(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';
const DATE = '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])';

const INSTANT = new RegExp(`^${DATE}T${TIME}${ZONE}$`);
const DATE_TIME = new RegExp(`^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T${TIME}${ZONE})?)?)?$`);
const DATE_ONLY = new RegExp(`^${DATE}$`);

function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) n = n * 10 + (value.charCodeAt(i) - 48);
  return n;
}

/**
 * Regexes allow 2026-02-30; the calendar does not. Takes a string the regexes matched (YYYY-MM-DD
 * first) and does the arithmetic directly: this runs for every date in every message we validate.
 * Years 0000-0099 stay invalid, as they were when this went through Date.UTC (which maps them to
 * 1900-1999): no consultation can be from then.
 */
function isCalendarDate(yyyyMmDd: string): boolean {
  const year = digits(yyyyMmDd, 0, 4);
  const month = digits(yyyyMmDd, 5, 7);
  const day = digits(yyyyMmDd, 8, 10);
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= daysInMonth;
}

export function isFhirInstant(value: string): boolean {
  return INSTANT.test(value) && isCalendarDate(value.slice(0, 10));
}

export function isFhirDateTime(value: string): boolean {
  return DATE_TIME.test(value) && (value.length < 10 || isCalendarDate(value.slice(0, 10)));
}

export function isFhirDate(value: string): boolean {
  return DATE_ONLY.test(value) && isCalendarDate(value);
}
