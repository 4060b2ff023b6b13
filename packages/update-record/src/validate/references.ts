import { MESSAGE_DEFINITION_PLACEHOLDER } from '../profiles';
import { isUuid } from '../uuid-v5';
import type { IssueList } from './issues';
import { asObject, asString, type JsonObject, objectsOf } from './json';

const URN_UUID = 'urn:uuid:';

/** The resources a reference can resolve to: one Bundle's entries, by fullUrl. */
export type Scope = ReadonlyMap<string, JsonObject>;

/**
 * Indexes a Bundle's entries by fullUrl, checking that each fullUrl is the `urn:uuid:` form of
 * the resource's own id (IG "urn:uuid" rule) and unique within the Bundle.
 */
export function scopeOf(bundle: JsonObject, path: string, issues: IssueList): Map<string, JsonObject> {
  const scope = new Map<string, JsonObject>();
  for (const { item: entry, index } of objectsOf(bundle.entry)) {
    const entryPath = `${path}.entry[${index}]`;
    const fullUrl = asString(entry.fullUrl);
    const resource = asObject(entry.resource);
    if (resource === undefined) continue; // reported by the bundle rules
    const id = asString(resource.id);
    if (fullUrl === undefined) {
      issues.error(`${entryPath}.fullUrl`, 'required', 'every entry needs a fullUrl (urn:uuid of the resource id)');
      continue;
    }
    if (!fullUrl.startsWith(URN_UUID) || !isUuid(fullUrl.slice(URN_UUID.length))) {
      issues.error(`${entryPath}.fullUrl`, 'invalid', 'fullUrl must be urn:uuid:<uuid>');
    } else if (id === undefined || fullUrl !== `${URN_UUID}${id}`) {
      issues.error(`${entryPath}.fullUrl`, 'invariant', 'fullUrl must equal urn:uuid:<resource.id>');
    }
    if (scope.has(fullUrl)) issues.error(`${entryPath}.fullUrl`, 'duplicate', 'fullUrl must be unique within the Bundle');
    else scope.set(fullUrl, resource);
  }
  return scope;
}

function isMessageDefinitionPlaceholder(holder: JsonObject, parent: JsonObject | undefined): boolean {
  return parent?.url === 'MessageDefinition' && holder.reference === MESSAGE_DEFINITION_PLACEHOLDER;
}

/**
 * Every `reference` inside a resource must be a urn:uuid that resolves within its Bundle. The
 * one exception is the ITK MessageDefinition placeholder URL, which the IG fixes. A nested
 * Bundle's entries are skipped: they resolve in their own scope. Paths are only built for issues.
 */
export function checkReferencesResolve(resource: JsonObject, path: string, scope: Scope, issues: IssueList): void {
  const segments: (string | number)[] = [];
  const at = () => segments.reduce<string>((p, s) => (typeof s === 'number' ? `${p}[${s}]` : `${p}.${s}`), path);
  const walk = (value: unknown, parent: JsonObject | undefined): void => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        segments.push(i);
        walk(value[i], parent);
        segments.pop();
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const object = value as JsonObject;
    const reference = object.reference;
    if (typeof reference === 'string' && !isMessageDefinitionPlaceholder(object, parent)) {
      if (!reference.startsWith(URN_UUID)) {
        issues.error(`${at()}.reference`, 'invalid', 'references inside an ITK3 message must be urn:uuid');
      } else if (!scope.has(reference)) {
        issues.error(`${at()}.reference`, 'not-found', 'reference does not resolve to a fullUrl in the Bundle');
      }
    }
    for (const key in object) {
      if (segments.length === 0 && key === 'entry' && resource.resourceType === 'Bundle') continue;
      segments.push(key);
      walk(object[key], object);
      segments.pop();
    }
  };
  walk(resource, undefined);
}
