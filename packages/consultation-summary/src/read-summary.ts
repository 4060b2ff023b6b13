import { conceptText, humanName, identifierValue, isObject, type Json, objects, quantityText, text } from './fhir-json';
import type { ConsultationSummary } from './summary';

export class UnreadableMessageError extends Error {
  override readonly name = 'UnreadableMessageError';
}

function resourcesOf(bundle: Json): Json[] {
  return objects(bundle.entry)
    .map((entry) => entry.resource)
    .filter(isObject);
}

/** The inner `document` Bundle of an ITK3 message, or the bundle itself when it is the document. */
function documentBundle(bundle: unknown): Json {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') throw new UnreadableMessageError('not a FHIR Bundle');
  if (bundle.type === 'document') return bundle;
  const inner = resourcesOf(bundle).find((r) => r.resourceType === 'Bundle' && r.type === 'document');
  if (!inner) throw new UnreadableMessageError('message has no document Bundle');
  return inner;
}

function ofType(resources: Json[], type: string): Json[] {
  return resources.filter((r) => r.resourceType === type);
}

function headingOf(resource: Json, fallback: string): string {
  const meta = isObject(resource.meta) ? resource.meta : {};
  for (const tag of objects(meta.tag)) {
    const shown = text(tag.display);
    if (shown) return shown;
  }
  return fallback;
}

function observationValue(observation: Json): string {
  const own = quantityText(observation.valueQuantity) ?? conceptText(observation.valueCodeableConcept) ?? text(observation.valueString);
  if (own) return own;
  const components = objects(observation.component)
    .map((c) => {
      const value = quantityText(c.valueQuantity);
      return value ? `${conceptText(c.code) ?? 'value'}: ${value}` : null;
    })
    .filter((c): c is string => c !== null);
  return components.length > 0 ? components.join(', ') : 'recorded';
}

function medicine(dispense: Json): ConsultationSummary['medicines'][number] {
  const dosage = objects(dispense.dosageInstruction)
    .flatMap((d) => [text(d.text), text(d.patientInstruction)])
    .filter((d): d is string => d !== null);
  const supplied = dispense.status !== 'stopped' && dispense.notDone !== true;
  return {
    name: conceptText(dispense.medicationCodeableConcept) ?? 'medicine',
    quantity: quantityText(dispense.quantity) ?? '',
    dosage: [...new Set(dosage)].join('. '),
    supply: conceptText(dispense.type) ?? '',
    supplied,
  };
}

/**
 * Pure: reads the facts a practice needs from a GP Connect Update Record message (the ITK3 message
 * Bundle, or its document Bundle). Throws UnreadableMessageError when it has no Composition or Patient.
 */
export function readConsultationSummary(bundle: unknown): ConsultationSummary {
  const resources = resourcesOf(documentBundle(bundle));
  const composition = ofType(resources, 'Composition')[0];
  const patient = ofType(resources, 'Patient')[0];
  if (!composition || !patient) throw new UnreadableMessageError('document has no Composition or Patient');
  const encounter = ofType(resources, 'Encounter')[0] ?? {};
  const period = isObject(encounter.period) ? encounter.period : {};
  const organization = ofType(resources, 'Organization')[0] ?? {};
  const practitioner = ofType(resources, 'Practitioner')[0] ?? {};
  const role = ofType(resources, 'PractitionerRole')[0];
  const practice = objects(patient.generalPractitioner)[0];
  const practiceIdentifier = practice && isObject(practice.identifier) ? text(practice.identifier.value) : null;
  const meta = isObject(composition.meta) ? composition.meta : {};
  const version = Number(text(meta.versionId) ?? '1');
  const service =
    objects(encounter.reason)
      .map(conceptText)
      .find((t) => t !== null) ??
    conceptText(composition.type) ??
    'Consultation';

  return {
    title: text(composition.title) ?? service,
    service,
    version: Number.isInteger(version) && version > 0 ? version : 1,
    replacesEarlierVersion: objects(composition.relatesTo).some((r) => r.code === 'replaces'),
    documentIdentifier: (isObject(composition.identifier) ? text(composition.identifier.value) : null) ?? '',
    consultationStart: text(period.start) ?? text(composition.date) ?? '',
    consultationEnd: text(period.end),
    patient: {
      name: humanName(patient.name) ?? 'unknown',
      nhsNumber: identifierValue(patient.identifier, '/nhs-number') ?? 'unknown',
      birthDate: text(patient.birthDate) ?? 'unknown',
      gender: text(patient.gender),
    },
    registeredPractice: practiceIdentifier ? { odsCode: practiceIdentifier, name: practice ? text(practice.display) : null } : null,
    pharmacy: { name: text(organization.name) ?? 'unknown pharmacy', odsCode: identifierValue(organization.identifier, '/ods-organization-code') ?? '' },
    clinician: {
      name: humanName(practitioner.name) ?? 'unknown',
      role: role
        ? (objects(role.code)
            .map(conceptText)
            .find((t) => t !== null) ?? null)
        : null,
      gphcNumber: identifierValue(practitioner.identifier, '/gphc-number'),
    },
    observations: ofType(resources, 'Observation').map((o) => ({ name: conceptText(o.code) ?? 'observation', value: observationValue(o) })),
    medicines: ofType(resources, 'MedicationDispense').map(medicine),
    conditions: ofType(resources, 'Condition')
      .map((c) => conceptText(c.code))
      .filter((c): c is string => c !== null),
    notes: ofType(resources, 'ClinicalImpression').flatMap((ci) => {
      const summary = text(ci.summary) ?? text(ci.description);
      return summary ? [{ heading: headingOf(ci, 'Notes'), text: summary }] : [];
    }),
  };
}
