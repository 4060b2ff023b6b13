/**
 * What the GP system reads from a received ITK3 message, defensively (the body is whatever was
 * posted). Ids feed deduplication and acks; the display fields feed the workflow inbox page only
 * (a GP system shows staff who the consultation is about) and never a log or an admin answer.
 */
export interface ReceivedMessageSummary {
  bundleIdentifier: string | null;
  messageHeaderId: string | null;
  senderReference: string | null;
  documentIdentifier: string | null;
  display: {
    title: string | null;
    patientName: string | null;
    nhsNumber: string | null;
    birthDate: string | null;
    pharmacyOds: string | null;
    consultationDate: string | null;
    replaces: string | null;
    version: string | null;
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const resources = (bundle: Json) => list(bundle.entry).map((e) => ({ fullUrl: str(e.fullUrl), resource: isObject(e.resource) ? e.resource : {} }));

const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
const HANDLING = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-ITK-MessageHandling-2';

function find(entries: { fullUrl: string | null; resource: Json }[], reference: string | null): Json | undefined {
  if (reference === null) return undefined;
  return entries.find(({ fullUrl, resource }) => fullUrl === reference || `${String(resource.resourceType)}/${String(resource.id)}` === reference)?.resource;
}

export function summariseMessage(body: unknown): ReceivedMessageSummary {
  const empty: ReceivedMessageSummary = {
    bundleIdentifier: null,
    messageHeaderId: null,
    senderReference: null,
    documentIdentifier: null,
    display: { title: null, patientName: null, nhsNumber: null, birthDate: null, pharmacyOds: null, consultationDate: null, replaces: null, version: null },
  };
  if (!isObject(body)) return empty;
  const outer = resources(body);
  const header = outer[0]?.resource.resourceType === 'MessageHeader' ? outer[0].resource : undefined;
  const handling = list(header?.extension).find((e) => e.url === HANDLING);
  const senderReference = str(list(handling?.extension).find((e) => e.url === 'SenderReference')?.valueString);
  const focus = list(header?.focus)[0];
  const document = find(outer, str(focus?.reference)) ?? outer.find((e) => e.resource.resourceType === 'Bundle')?.resource;
  const inner = document ? resources(document) : [];
  const composition = inner.find((e) => e.resource.resourceType === 'Composition')?.resource;
  const patient = inner.find((e) => e.resource.resourceType === 'Patient')?.resource;
  const name = list(patient?.name).find((n) => n.use === 'official') ?? list(patient?.name)[0];
  const given = Array.isArray(name?.given) ? name.given.filter((g): g is string => typeof g === 'string') : [];
  const senderOrg = isObject(header?.sender) ? find(outer, str(header.sender.reference)) : undefined;
  const relatesTo = list(composition?.relatesTo).find((r) => r.code === 'replaces');
  const meta = isObject(composition?.meta) ? composition.meta : {};
  return {
    bundleIdentifier: isObject(body.identifier) ? str(body.identifier.value) : null,
    messageHeaderId: str(header?.id),
    senderReference,
    documentIdentifier: document && isObject(document.identifier) ? str(document.identifier.value) : null,
    display: {
      title: str(composition?.title),
      patientName: name ? [...given, str(name.family) ?? ''].join(' ').trim() || null : null,
      nhsNumber: str(list(patient?.identifier).find((i) => i.system === NHS_NUMBER_SYSTEM)?.value),
      birthDate: str(patient?.birthDate),
      pharmacyOds: str(list(senderOrg?.identifier).find((i) => i.system === ODS_SYSTEM)?.value),
      consultationDate: str(composition?.date),
      replaces: relatesTo && isObject(relatesTo.targetIdentifier) ? str(relatesTo.targetIdentifier.value) : null,
      version: str(meta.versionId),
    },
  };
}
