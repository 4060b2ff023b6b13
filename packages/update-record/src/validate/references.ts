import { MESSAGE_DEFINITION_PLACEHOLDER } from '../profiles';
import { isUuid } from '../uuid-v5';
import type { IssueList } from './issues';
import { asObject, asString, type JsonObject } from './json';

const URN_UUID = 'urn:uuid:';

/** The resources a reference can resolve to: one Bundle's entries, by fullUrl. */
export type Scope = ReadonlyMap<string, JsonObject>;

/**
 * Indexes a Bundle's entries by fullUrl, checking that each fullUrl is the `urn:uuid:` form of
 * the resource's own id (IG "urn:uuid" rule) and unique within the Bundle.
 */
export function scopeOf(bundle: JsonObject, path: string, issues: IssueList): Map<string, JsonObject> {
  const scope = new Map<string, JsonObject>();
  const entries = bundle.entry;
  if (!Array.isArray(entries)) return scope;
  for (let index = 0; index < entries.length; index += 1) {
    const entry = asObject(entries[index]);
    if (entry === undefined) continue;
    const fullUrl = asString(entry.fullUrl);
    const resource = asObject(entry.resource);
    if (resource === undefined) continue; // reported by the bundle rules
    // Paths are built only for an issue: this runs for every entry of every message.
    if (fullUrl === undefined) {
      issues.error(`${path}.entry[${index}].fullUrl`, 'required', 'every entry needs a fullUrl (urn:uuid of the resource id)');
      continue;
    }
    const id = asString(resource.id);
    // fullUrl === 'urn:uuid:' + id with id a UUID is the one valid form; check that cheaply first.
    const matchesId = id !== undefined && fullUrl.length === URN_UUID.length + id.length && fullUrl.startsWith(URN_UUID) && fullUrl.endsWith(id);
    if (!fullUrl.startsWith(URN_UUID) || !isUuid(fullUrl.slice(URN_UUID.length))) {
      issues.error(`${path}.entry[${index}].fullUrl`, 'invalid', 'fullUrl must be urn:uuid:<uuid>');
    } else if (!matchesId) {
      issues.error(`${path}.entry[${index}].fullUrl`, 'invariant', 'fullUrl must equal urn:uuid:<resource.id>');
    }
    if (scope.has(fullUrl)) issues.error(`${path}.entry[${index}].fullUrl`, 'duplicate', 'fullUrl must be unique within the Bundle');
    else scope.set(fullUrl, resource);
  }
  return scope;
}

function isMessageDefinitionPlaceholder(holder: JsonObject, parent: JsonObject | undefined): boolean {
  return parent?.url === 'MessageDefinition' && holder.reference === MESSAGE_DEFINITION_PLACEHOLDER;
}

/** Where the reference walk is; a module-level walker avoids allocating closures per resource. */
interface ReferenceWalk {
  readonly resource: JsonObject;
  readonly path: string;
  readonly scope: Scope;
  readonly issues: IssueList;
  readonly segments: (string | number)[];
}

function referencePath(walk: ReferenceWalk): string {
  return walk.segments.reduce<string>((p, s) => (typeof s === 'number' ? `${p}[${s}]` : `${p}.${s}`), walk.path);
}

function walkReferences(walk: ReferenceWalk, value: unknown, parent: JsonObject | undefined): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) continue;
      walk.segments.push(i);
      walkReferences(walk, item, parent);
      walk.segments.pop();
    }
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as JsonObject;
  const reference = object.reference;
  if (typeof reference === 'string' && !isMessageDefinitionPlaceholder(object, parent)) {
    if (!reference.startsWith(URN_UUID)) {
      walk.issues.error(`${referencePath(walk)}.reference`, 'invalid', 'references inside an ITK3 message must be urn:uuid');
    } else if (!walk.scope.has(reference)) {
      walk.issues.error(`${referencePath(walk)}.reference`, 'not-found', 'reference does not resolve to a fullUrl in the Bundle');
    }
  }
  // A nested Bundle's entries are skipped: they resolve in their own scope.
  const skipEntry = walk.segments.length === 0 && walk.resource.resourceType === 'Bundle';
  for (const key in object) {
    if (skipEntry && key === 'entry') continue;
    const child = object[key];
    // Strings, numbers and booleans cannot hold a reference: skip the call and the path push.
    if (typeof child !== 'object' || child === null) continue;
    walk.segments.push(key);
    walkReferences(walk, child, object);
    walk.segments.pop();
  }
}

/**
 * Every `reference` inside a resource must be a urn:uuid that resolves within its Bundle. The
 * one exception is the ITK MessageDefinition placeholder URL, which the IG fixes. A nested
 * Bundle's entries are skipped: they resolve in their own scope. Paths are only built for issues.
 */
export function checkReferencesResolve(resource: JsonObject, path: string, scope: Scope, issues: IssueList): void {
  walkReferences({ resource, path, scope, issues, segments: [] }, resource, undefined);
}
