import { isFhirDate, isFhirDateTime, isFhirInstant } from '../fhir-datetime';
import { SYSTEM } from '../profiles';
import type { IssueList } from './issues';
import { asArray, asObject, asString, type JsonObject, objectsOf } from './json';
import type { Scope } from './references';

function referencePath(ownerPath: string, element: string, index: number | undefined): string {
  return index === undefined ? `${ownerPath}.${element}.reference` : `${ownerPath}.${element}[${index}].reference`;
}

/**
 * Rule helpers bound to one resource: each records an issue at the element's path and returns
 * what it found, so rules read like the profile's element table.
 */
export class ResourceCheck {
  constructor(
    readonly resource: JsonObject,
    readonly path: string,
    readonly scope: Scope,
    readonly issues: IssueList,
  ) {}

  at(element: string): string {
    return `${this.path}.${element}`;
  }

  /** A 1..1 element (or 1..* when `many`). */
  required(element: string, owner: JsonObject = this.resource, ownerPath = this.path): unknown {
    const value = owner[element];
    const missing = value === undefined || (Array.isArray(value) && value.length === 0);
    if (missing) this.issues.error(`${ownerPath}.${element}`, 'required', `${element} is required (minimum cardinality 1)`);
    return value;
  }

  /** A 0..0 element (prohibited by the profile). */
  prohibited(element: string): void {
    if (this.resource[element] !== undefined) {
      this.issues.error(this.at(element), 'structure', `${element} is not allowed by the profile (cardinality 0..0)`);
    }
  }

  /** At most `max` repetitions. */
  maxCount(element: string, max: number): void {
    if (asArray(this.resource[element]).length > max) {
      this.issues.error(this.at(element), 'structure', `${element} allows at most ${max} repetition(s)`);
    }
  }

  fixed(element: string, expected: string | boolean, owner: JsonObject = this.resource, ownerPath = this.path): void {
    const value = this.required(element, owner, ownerPath);
    if (value !== undefined && value !== expected) {
      this.issues.error(`${ownerPath}.${element}`, 'value', `${element} must be '${String(expected)}'`);
    }
  }

  oneOf(element: string, allowed: ReadonlySet<string>, owner: JsonObject = this.resource, ownerPath = this.path): void {
    const value = this.required(element, owner, ownerPath);
    if (value !== undefined && (typeof value !== 'string' || !allowed.has(value))) {
      this.issues.error(`${ownerPath}.${element}`, 'code-invalid', `${element} must be one of: ${[...allowed].join(', ')}`);
    }
  }

  text(element: string, owner: JsonObject = this.resource, ownerPath = this.path): void {
    const value = this.required(element, owner, ownerPath);
    if (value !== undefined && (typeof value !== 'string' || !/\S/.test(value))) {
      this.issues.error(`${ownerPath}.${element}`, 'invalid', `${element} must be a non-blank string`);
    }
  }

  instant(element: string, owner: JsonObject = this.resource, ownerPath = this.path): void {
    const value = this.required(element, owner, ownerPath);
    if (value !== undefined && !(typeof value === 'string' && isFhirInstant(value))) {
      this.issues.error(`${ownerPath}.${element}`, 'invalid', `${element} must be a FHIR instant (seconds and time zone)`);
    }
  }

  dateTime(element: string, owner: JsonObject = this.resource, ownerPath = this.path): void {
    const value = this.required(element, owner, ownerPath);
    if (value !== undefined && !(typeof value === 'string' && isFhirDateTime(value))) {
      this.issues.error(`${ownerPath}.${element}`, 'invalid', `${element} must be a FHIR dateTime`);
    }
  }

  date(element: string): void {
    const value = this.resource[element];
    if (value !== undefined && !(typeof value === 'string' && isFhirDate(value))) {
      this.issues.error(this.at(element), 'invalid', `${element} must be a FHIR date (YYYY-MM-DD)`);
    }
  }

  /** A Reference that must resolve in the Bundle to one of the given resource types. */
  reference(element: string, types: readonly string[], owner: JsonObject = this.resource, ownerPath = this.path): void {
    const value = this.required(element, owner, ownerPath);
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.referenceTo(value, element, types, ownerPath, undefined);
      return;
    }
    for (let i = 0; i < value.length; i += 1) this.referenceTo(value[i], element, types, ownerPath, i);
  }

  /** One Reference value; its path (`element` or `element[index]`) is only built for an issue. */
  private referenceTo(value: unknown, element: string, types: readonly string[], ownerPath: string, index: number | undefined): void {
    const reference = asString(asObject(value)?.reference);
    const target = this.scope.get(reference ?? '');
    // An unresolvable reference is reported once, by the reference-integrity pass.
    if (target !== undefined && !types.includes(String(target.resourceType))) {
      this.issues.error(referencePath(ownerPath, element, index), 'invalid', `${element} must reference a ${types.join(' or ')}`);
    }
    if (reference === undefined) this.issues.error(referencePath(ownerPath, element, index), 'required', `${element} must carry a urn:uuid reference`);
  }

  /** A CodeableConcept (or Coding when `isCoding`) with a coding in `system`; optionally the code must be in `codes`. */
  coded(
    element: string,
    system: string | readonly string[],
    options: { codes?: ReadonlySet<string>; display?: boolean; owner?: JsonObject; ownerPath?: string; isCoding?: boolean } = {},
  ): JsonObject | undefined {
    const owner = options.owner ?? this.resource;
    const ownerPath = options.ownerPath ?? this.path;
    const value = this.required(element, owner, ownerPath);
    if (value === undefined) return undefined;
    const systems = typeof system === 'string' ? [system] : system;
    const concept = asObject(Array.isArray(value) ? value[0] : value);
    const codings = options.isCoding ? (concept ? [{ item: concept, index: -1 }] : []) : objectsOf(concept?.coding);
    const match = codings.find(({ item }) => systems.includes(String(item.system)));
    const path = `${ownerPath}.${element}`;
    if (match === undefined) {
      this.issues.error(path, 'code-invalid', `${element} needs a coding from ${systems.join(' or ')}`);
      return undefined;
    }
    const code = asString(match.item.code);
    if (code === undefined || code === '') this.issues.error(path, 'required', `${element} coding needs a code`);
    else if (options.codes !== undefined && !options.codes.has(code)) {
      this.issues.error(path, 'code-invalid', `${element} code must be one of: ${[...options.codes].join(', ')}`);
    }
    if (options.display === true && !asString(match.item.display)) {
      this.issues.error(path, 'required', `${element} coding needs a display`);
    }
    return match.item;
  }

  /** SNOMED CT with a display: what every receiver shows to the GP (docs/update-record-itk3.md#what-a-receiver-checks). */
  snomed(element: string, owner?: JsonObject, ownerPath?: string): JsonObject | undefined {
    const options = owner === undefined ? { display: true } : { display: true, owner, ownerPath: ownerPath ?? this.path };
    const coding = this.coded(element, SYSTEM.snomed, options);
    const code = asString(coding?.code);
    if (code !== undefined && !/^[0-9]{6,18}$/.test(code)) {
      this.issues.error(`${ownerPath ?? this.path}.${element}`, 'code-invalid', `${element} must be a SNOMED CT concept id (6-18 digits)`);
    }
    return coding;
  }

  /** A Quantity with value, unit, system and code all present (MedicationDispense/Observation rules). */
  quantity(element: string, owner: JsonObject = this.resource, ownerPath = this.path): JsonObject | undefined {
    const quantity = asObject(this.required(element, owner, ownerPath));
    if (quantity === undefined) return undefined;
    const path = `${ownerPath}.${element}`;
    if (typeof quantity.value !== 'number' || !Number.isFinite(quantity.value)) {
      this.issues.error(`${path}.value`, 'required', 'quantity value must be a finite number');
    }
    for (const part of ['unit', 'system', 'code']) this.text(part, quantity, path);
    return quantity;
  }
}
