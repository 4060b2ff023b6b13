/**
 * UCUM units the message uses, with the human-readable `unit` text that goes alongside the code.
 * Receivers may reject units they do not recognise (docs/update-record-itk3.md#units), so only these are sent.
 */
export const UCUM = {
  mmHg: { code: 'mm[Hg]', unit: 'millimeter of mercury' },
  beatsPerMinute: { code: '{beats}/min', unit: 'beats per minute' },
  celsius: { code: 'Cel', unit: 'degree Celsius' },
  centimetre: { code: 'cm', unit: 'centimeter' },
  kilogram: { code: 'kg', unit: 'kilogram' },
  kgPerSquareMetre: { code: 'kg/m2', unit: 'kilogram per square meter' },
  day: { code: 'd', unit: 'day' },
} as const;

export type UcumUnit = (typeof UCUM)[keyof typeof UCUM];

/**
 * Units the validator accepts: ours plus the alternatives the IG lists as supported for
 * vital signs (inches, grams, pounds, Fahrenheit), so a message built elsewhere is not refused
 * for a legitimate unit.
 */
export const ACCEPTED_UCUM_CODES: ReadonlySet<string> = new Set([...Object.values(UCUM).map((u) => u.code), '[in_i]', 'g', '[lb_av]', '[degF]']);
