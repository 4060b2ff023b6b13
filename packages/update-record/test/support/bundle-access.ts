import type { BundleEntry, DocumentBundle, DocumentResource, MessageBundle, MessageHeader, Organization } from '../../src/index';

type ByType<T extends DocumentResource['resourceType']> = Extract<DocumentResource, { resourceType: T }>;

/** Typed views into a built message, so field assertions read like the IG's element tables. */
export function parts(bundle: MessageBundle) {
  const [headerEntry, orgEntry, docEntry] = bundle.entry as [BundleEntry<MessageHeader>, BundleEntry<Organization>, BundleEntry<DocumentBundle>];
  const document = docEntry.resource;
  const all = document.entry.map((e) => e.resource);
  const ofType = <T extends DocumentResource['resourceType']>(type: T): ByType<T>[] => all.filter((r): r is ByType<T> => r.resourceType === type);
  const one = <T extends DocumentResource['resourceType']>(type: T): ByType<T> => {
    const found = ofType(type);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
    return found[0] as ByType<T>;
  };
  const byReference = (reference: string | undefined) => all.find((r) => `urn:uuid:${r.id}` === reference);
  return { header: headerEntry.resource, headerOrganization: orgEntry.resource, document, all, ofType, one, byReference };
}

/** Every `reference` string anywhere inside a value (placeholders included). */
export function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => (key === 'reference' && typeof child === 'string' ? [child] : referencesIn(child)));
}
