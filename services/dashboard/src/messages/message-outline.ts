/** One line of a message's outline: a FHIR resource type and how many of it the message holds. */
export interface OutlineEntry {
  resourceType: string;
  count: number;
}

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;

/**
 * What a message is made of, without any of its content: the resource types of every entry
 * (nested Bundles included), in first-seen order. Shown to every dashboard role, so it takes
 * nothing but `resourceType` values that look like FHIR type names. Pure.
 */
export function messageOutline(bundle: unknown): OutlineEntry[] {
  const counts = new Map<string, number>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 8 || typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const { resourceType, entry } = value as { resourceType?: unknown; entry?: unknown };
    if (typeof resourceType === 'string' && RESOURCE_TYPE.test(resourceType)) counts.set(resourceType, (counts.get(resourceType) ?? 0) + 1);
    if (Array.isArray(entry))
      for (const item of entry) if (typeof item === 'object' && item !== null) visit((item as { resource?: unknown }).resource, depth + 1);
  };
  visit(bundle, 0);
  return [...counts].map(([resourceType, count]) => ({ resourceType, count }));
}
