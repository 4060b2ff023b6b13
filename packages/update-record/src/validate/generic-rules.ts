import { UPDATE_RECORD_HEADING_CODES } from '../codes';
import { SYSTEM, UPDATE_RECORD_PROFILES } from '../profiles';
import type { IssueList } from './issues';
import { asArray, asObject, asString, type JsonObject, objectsOf } from './json';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the validator reports control characters that FHIR/XML 1.0 cannot carry; finding them is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const NON_WHITESPACE = /\S/;

/** Joins path segments only when an issue is reported: the walk visits every node of every message. */
function pathOf(root: string, segments: readonly (string | number)[]): string {
  return segments.reduce<string>((path, s) => (typeof s === 'number' ? `${path}[${s}]` : `${path}.${s}`), root);
}

/** Where the JSON walk is; a module-level walker avoids allocating closures per message. */
interface ShapeWalk {
  readonly root: string;
  readonly segments: (string | number)[];
  readonly issues: IssueList;
}

function shapeFail(walk: ShapeWalk, message: string): void {
  walk.issues.error(pathOf(walk.root, walk.segments), 'structure', message);
}

function walkShape(walk: ShapeWalk, node: unknown): void {
  if (typeof node === 'string') {
    if (!NON_WHITESPACE.test(node)) shapeFail(walk, 'strings must contain non-whitespace content');
    if (CONTROL_CHARACTERS.test(node)) shapeFail(walk, 'strings must not contain control characters other than tab, CR and LF');
  } else if (node === null) {
    shapeFail(walk, 'null is not allowed in FHIR JSON');
  } else if (Array.isArray(node)) {
    if (node.length === 0) shapeFail(walk, 'empty arrays are not allowed in FHIR JSON');
    for (let i = 0; i < node.length; i += 1) {
      walk.segments.push(i);
      walkShape(walk, node[i]);
      walk.segments.pop();
    }
  } else if (typeof node === 'object') {
    let empty = true;
    for (const key in node) {
      empty = false;
      walk.segments.push(key);
      walkShape(walk, (node as Record<string, unknown>)[key]);
      walk.segments.pop();
    }
    if (empty) shapeFail(walk, 'empty objects are not allowed in FHIR JSON');
  } else if (typeof node === 'number') {
    if (!Number.isFinite(node)) shapeFail(walk, 'numbers must be finite');
  } else if (typeof node !== 'boolean') {
    shapeFail(walk, 'only JSON values are allowed');
  }
}

/**
 * FHIR JSON rules a parser enforces before any profile: no nulls, no empty arrays, objects or
 * strings, no control characters (a GP system that cannot parse the message answers 10009
 * "unreadable" for all of it).
 */
export function checkJsonShape(value: unknown, root: string, issues: IssueList): void {
  if (looksWellShaped(value)) return;
  walkShape({ root, segments: [], issues }, value);
}

/**
 * The quick pass: does any node break a JSON-shape rule? Same rules as walkShape, but no paths,
 * and one control-character scan over all strings joined instead of one regex call per string
 * (a message has ~270 strings). Anything doubtful falls through to walkShape, which reports.
 */
interface QuickShape {
  text: string;
  ok: boolean;
}

const QUICK_SCAN_CHUNK = 1 << 20;

function flushQuickText(state: QuickShape): void {
  if (CONTROL_CHARACTERS.test(state.text)) state.ok = false;
  state.text = '';
}

function quickShape(state: QuickShape, node: unknown): void {
  if (typeof node === 'string') {
    // A printable non-space ASCII first character already proves "non-whitespace content".
    const first = node.charCodeAt(0);
    if (!(first > 0x20 && first < 0x7f) && !NON_WHITESPACE.test(node)) state.ok = false;
    state.text += node;
    // Scan in chunks so an outsized message can never hit the engine's string length limit.
    if (state.text.length > QUICK_SCAN_CHUNK) flushQuickText(state);
  } else if (node === null) {
    state.ok = false;
  } else if (Array.isArray(node)) {
    if (node.length === 0) state.ok = false;
    for (let i = 0; i < node.length; i += 1) quickShape(state, node[i]);
  } else if (typeof node === 'object') {
    let empty = true;
    for (const key in node) {
      empty = false;
      quickShape(state, (node as Record<string, unknown>)[key]);
    }
    if (empty) state.ok = false;
  } else if (typeof node === 'number') {
    if (!Number.isFinite(node)) state.ok = false;
  } else if (typeof node !== 'boolean') {
    state.ok = false;
  }
}

function looksWellShaped(value: unknown): boolean {
  const state: QuickShape = { text: '', ok: true };
  quickShape(state, value);
  flushQuickText(state);
  return state.ok;
}

/**
 * meta.profile: exactly one, on the allow-list, for this resource type and position. Any other
 * profile makes the receiver reject the whole message (ITK 20009, docs/known-spec-pitfalls.md#one-unsupported-resource-rejects-the-whole-message).
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
