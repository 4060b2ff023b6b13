/**
 * Age in completed years on a date, from two `YYYY-MM-DD` strings: the way clinicians count
 * age (a birthday on the day counts; 29 February birthdays turn over on 1 March in common years).
 */
export function ageInYearsOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  const hadBirthdayThisYear = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthdayThisYear ? 0 : 1);
}
