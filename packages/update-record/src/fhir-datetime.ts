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

/** Regexes allow 2026-02-30; the calendar does not (Date.parse would silently roll it over). */
function isCalendarDate(yyyyMmDd: string): boolean {
  const [year, month, day] = yyyyMmDd.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
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
