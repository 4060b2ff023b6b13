/** Small readers for untyped FHIR STU3 JSON: the summary must cope with any valid message, not only ours. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** CodeableConcept -> its text, else the first coding's display, else its code. */
export function conceptText(value: unknown): string | null {
  if (!isObject(value)) return null;
  const own = text(value.text);
  if (own) return own;
  for (const coding of objects(value.coding)) {
    const shown = text(coding.display) ?? text(coding.code);
    if (shown) return shown;
  }
  return null;
}

export function quantityText(value: unknown): string | null {
  if (!isObject(value) || typeof value.value !== 'number') return null;
  const unit = text(value.unit) ?? text(value.code);
  return unit ? `${value.value} ${unit}` : String(value.value);
}

export function humanName(value: unknown): string | null {
  const names = objects(value);
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return null;
  const given = Array.isArray(name.given) ? name.given.filter((g): g is string => typeof g === 'string') : [];
  const family = text(name.family);
  const parts = [...given, ...(family ? [family.toUpperCase()] : [])];
  return parts.length > 0 ? parts.join(' ') : text(name.text);
}

export function identifierValue(value: unknown, systemEnding: string): string | null {
  const found = objects(value).find((i) => typeof i.system === 'string' && i.system.endsWith(systemEnding));
  return found ? text(found.value) : null;
}
