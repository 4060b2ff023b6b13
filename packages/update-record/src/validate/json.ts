/** Narrowing helpers for walking a message that arrived as untyped JSON. */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Array elements that are objects, with their index (non-objects are reported elsewhere). */
export function objectsOf(value: unknown): { readonly item: JsonObject; readonly index: number }[] {
  // A plain loop: flatMap allocated a throw-away array per element, and this runs ~100 times per message.
  const found: { readonly item: JsonObject; readonly index: number }[] = [];
  if (!Array.isArray(value)) return found;
  for (let index = 0; index < value.length; index += 1) {
    const item = asObject(value[index]);
    if (item !== undefined) found.push({ item, index });
  }
  return found;
}
