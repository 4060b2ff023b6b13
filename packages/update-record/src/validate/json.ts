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
  return asArray(value).flatMap((element, index) => {
    const item = asObject(element);
    return item === undefined ? [] : [{ item, index }];
  });
}
