/**
 * What the simulator needs to know about a received message Bundle, read defensively: the body is
 * whatever a client posted.
 */
export interface MessageFacts {
  bundleIdentifier: string | null;
  messageHeaderId: string | null;
  /** The patient's registered practice, when the message names it (for `/fhir/$process-message`). */
  practiceOds: string | null;
}

type Json = Record<string, unknown>;

const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entries(bundle: Json): Json[] {
  const list = Array.isArray(bundle.entry) ? bundle.entry : [];
  return list.filter(isObject);
}

/** Every resource in the Bundle and in Bundles nested in it (the ITK3 message carries a document Bundle). */
function allResources(bundle: Json, depth = 0): { fullUrl: string | null; resource: Json }[] {
  const found: { fullUrl: string | null; resource: Json }[] = [];
  for (const entry of entries(bundle)) {
    if (!isObject(entry.resource)) continue;
    found.push({ fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : null, resource: entry.resource });
    if (entry.resource.resourceType === 'Bundle' && depth < 3) found.push(...allResources(entry.resource, depth + 1));
  }
  return found;
}

function odsOf(organization: Json): string | null {
  const identifiers = Array.isArray(organization.identifier) ? organization.identifier.filter(isObject) : [];
  const ods = identifiers.find((identifier) => identifier.system === ODS_SYSTEM && typeof identifier.value === 'string');
  return ods ? (ods.value as string) : null;
}

function referencedPracticeOds(resources: { fullUrl: string | null; resource: Json }[]): string | null {
  const patient = resources.find(({ resource }) => resource.resourceType === 'Patient')?.resource;
  const gp = patient && Array.isArray(patient.generalPractitioner) ? patient.generalPractitioner.filter(isObject) : [];
  for (const reference of gp) {
    if (isObject(reference.identifier) && reference.identifier.system === ODS_SYSTEM && typeof reference.identifier.value === 'string')
      return reference.identifier.value;
    const target = typeof reference.reference === 'string' ? reference.reference : null;
    if (!target) continue;
    const organization = resources.find(
      ({ fullUrl, resource }) => resource.resourceType === 'Organization' && (fullUrl === target || `Organization/${String(resource.id)}` === target),
    );
    if (organization) return odsOf(organization.resource);
  }
  return null;
}

export function messageFacts(body: unknown): MessageFacts {
  if (!isObject(body)) return { bundleIdentifier: null, messageHeaderId: null, practiceOds: null };
  const identifier = isObject(body.identifier) && typeof body.identifier.value === 'string' && body.identifier.value.length > 0 ? body.identifier.value : null;
  const first = entries(body)[0];
  const header = first && isObject(first.resource) && first.resource.resourceType === 'MessageHeader' ? first.resource : null;
  return {
    bundleIdentifier: identifier,
    messageHeaderId: header && typeof header.id === 'string' ? header.id : null,
    practiceOds: referencedPracticeOds(allResources(body)),
  };
}
