import { UPDATE_RECORD_HEADING_CODES } from '../codes';
import { SYSTEM, UPDATE_RECORD_PROFILES } from '../profiles';
import type { IssueList } from './issues';
import { asArray, asObject, asString, type JsonObject, objectsOf } from './json';

/**
 * FHIR JSON rules a parser enforces before any profile: no nulls, no empty arrays, objects or
 * strings (a GP system that fails to parse returns 10009 "unreadable" for the whole message).
 */
export function checkJsonShape(value: unknown, path: string, issues: IssueList): void {
  if (value === null) {
    issues.error(path, 'structure', 'null is not allowed in FHIR JSON');
  } else if (Array.isArray(value)) {
    if (value.length === 0) issues.error(path, 'structure', 'empty arrays are not allowed in FHIR JSON');
    value.forEach((element, i) => checkJsonShape(element, `${path}[${i}]`, issues));
  } else if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) issues.error(path, 'structure', 'empty objects are not allowed in FHIR JSON');
    for (const [key, child] of entries) checkJsonShape(child, `${path}.${key}`, issues);
  } else if (typeof value === 'string') {
    if (!/\S/.test(value)) issues.error(path, 'structure', 'strings must contain non-whitespace content');
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(value)) {
      issues.error(path, 'structure', 'strings must not contain control characters other than tab, CR and LF');
    }
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.error(path, 'structure', 'numbers must be finite');
  } else if (typeof value !== 'boolean') {
    issues.error(path, 'structure', 'only JSON values are allowed');
  }
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
