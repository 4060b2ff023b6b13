/** Epoch ms of 00:00 Europe/London on a date (the clocks change at 01:00 UTC, after midnight). */
const format = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' });
export function londonDayStart(date: string): number {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const name = format.formatToParts(utc).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name.includes('+01') ? utc - 3_600_000 : utc;
}
