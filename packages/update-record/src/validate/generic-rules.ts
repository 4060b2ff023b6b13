import { UPDATE_RECORD_HEADING_CODES } from '../codes';
import { SYSTEM, UPDATE_RECORD_PROFILES } from '../profiles';
import type { IssueList } from './issues';
import { asArray, asObject, asString, type JsonObject, objectsOf } from './json';

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const NON_WHITESPACE = /\S/;

/** Joins path segments only when an issue is reported: the walk visits every node of every message. */
function pathOf(root: string, segments: readonly (string | number)[]): string {
  return segments.reduce<string>((path, s) => (typeof s === 'number' ? `${path}[${s}]` : `${path}.${s}`), root);
}

/**
 * FHIR JSON rules a parser enforces before any profile: no nulls, no empty arrays, objects or
 * strings, no control characters (a GP system that cannot parse the message answers 10009
 * "unreadable" for all of it).
 */
export function checkJsonShape(value: unknown, root: string, issues: IssueList): void {
  const segments: (string | number)[] = [];
  const fail = (message: string) => issues.error(pathOf(root, segments), 'structure', message);
  const walk = (node: unknown): void => {
    if (node === null) {
      fail('null is not allowed in FHIR JSON');
    } else if (Array.isArray(node)) {
      if (node.length === 0) fail('empty arrays are not allowed in FHIR JSON');
      for (let i = 0; i < node.length; i += 1) {
        segments.push(i);
        walk(node[i]);
        segments.pop();
      }
    } else if (typeof node === 'object') {
      let empty = true;
      for (const key in node) {
        empty = false;
        segments.push(key);
        walk((node as Record<string, unknown>)[key]);
        segments.pop();
      }
      if (empty) fail('empty objects are not allowed in FHIR JSON');
    } else if (typeof node === 'string') {
      if (!NON_WHITESPACE.test(node)) fail('strings must contain non-whitespace content');
      if (CONTROL_CHARACTERS.test(node)) fail('strings must not contain control characters other than tab, CR and LF');
    } else if (typeof node === 'number') {
      if (!Number.isFinite(node)) fail('numbers must be finite');
    } else if (typeof node !== 'boolean') {
      fail('only JSON values are allowed');
    }
  };
  walk(value);
}

/**
 * meta.profile: exactly one, on the allow-list, for this resource type and position. Any other
 * profile makes the receiver reject the whole message (ITK 20009, domain.md 5.2 #12).
 */
export function checkProfile(resource: JsonObject, path: string, expected: string, issues: IssueList): void {
  const profiles = asArray(asObject(resource.meta)?.profile);
  if (profiles.length === 0) {
    issues.error(`${path}.meta.profile`, 'required', `meta.profile is required: ${expected}`);
    return;
  }
  if (profiles.length > 1) issues.error(`${path}.meta.profile`, 'structure', 'exactly one meta.profile is allowed');
  profiles.forEach((profile, i) => {
    const at = `${path}.meta.profile[${i}]`;
    const url = asString(profile) ?? '';
    if (!UPDATE_RECORD_PROFILES.has(url)) {
      issues.error(at, 'not-supported', 'profile is not on the Update Record allow-list (receiver rejects with 20009)');
    } else if (url !== expected) {
      issues.error(at, 'value', `meta.profile must be ${expected} here`);
    }
  });
}

/** meta.tag: PRSB headings only, from RecordStandardHeadings, at most one per resource. */
export function checkHeadingTags(resource: JsonObject, path: string, issues: IssueList): string | undefined {
  const tags = objectsOf(asObject(resource.meta)?.tag);
  if (tags.length > 1) issues.error(`${path}.meta.tag`, 'structure', 'a resource carries at most one PRSB heading tag');
  let heading: string | undefined;
  for (const { item, index } of tags) {
    const at = `${path}.meta.tag[${index}]`;
    if (item.system !== SYSTEM.recordStandardHeadings) {
      issues.error(`${at}.system`, 'value', `heading tags must use ${SYSTEM.recordStandardHeadings}`);
    } else if (!UPDATE_RECORD_HEADING_CODES.has(asString(item.code) ?? '')) {
      issues.error(`${at}.code`, 'code-invalid', 'heading tag code is not an Update Record PRSB heading');
    } else {
      heading = asString(item.code);
    }
    if (!asString(item.display)) issues.error(`${at}.display`, 'required', 'heading tag needs a display');
  }
  return heading;
}
