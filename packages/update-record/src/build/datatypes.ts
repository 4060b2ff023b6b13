import type { Concept } from '../codes';
import type { BundleEntry, CodeableConcept, Coding, Identifier, Meta, Reference } from '../fhir-stu3';
import { SYSTEM } from '../profiles';

export function urnUuid(id: string): string {
  return `urn:uuid:${id}`;
}

/** Inside an ITK3 message every reference is the target's urn:uuid fullUrl (IG "urn:uuid" page). */
export function referenceTo(id: string): Reference {
  return { reference: urnUuid(id) };
}

export function entryOf<R extends { id: string }>(resource: R): BundleEntry<R> {
  return { fullUrl: urnUuid(resource.id), resource };
}

export function uuidIdentifier(value: string): Identifier {
  return { system: SYSTEM.uuidIdentifier, value };
}

export function coding(system: string, concept: Concept): Coding {
  return { system, code: concept.code, display: concept.display };
}

/** A SNOMED CodeableConcept; text repeats the display, as every IG example does. */
export function snomedConcept(concept: Concept): CodeableConcept {
  return { coding: [coding(SYSTEM.snomed, concept)], text: concept.display };
}

export function headingTag(heading: Concept): Coding {
  return coding(SYSTEM.recordStandardHeadings, heading);
}

export function meta(profile: string, heading?: Concept): Meta {
  return heading === undefined ? { profile: [profile] } : { profile: [profile], tag: [headingTag(heading)] };
}
