import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HazardLog, RiskAssessment } from './hazard-log';
import { HIGHEST_ACCEPTABLE_RISK, riskOf } from './risk-matrix';

// The consistency rules of the clinical risk management file. Pure over the log and a way to read
// test files, so a fixture with bogus references can show that each rule reports what it should.

/** Reads a test file by its repository path; undefined when there is none. */
export type ReadTestFile = (path: string) => string | undefined;

export function readTestFileFrom(root: string): ReadTestFile {
  return (path) => {
    const absolute = resolve(root, path);
    return existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
  };
}

// Evidence must be a test `npm test` runs: the globs of infra/vitest.config.ts.
const TEST_FILE = /^(packages|services)\/[^/]+\/test\/(?:[^/]+\/)*[^/]+\.test\.ts$|^infra\/(?:[^/]+\/)+test\/(?:[^/]+\/)*[^/]+\.test\.ts$/;
// A title this short could match text that is not the test it claims to be.
const SHORTEST_TITLE = 12;

export interface EvidenceRef {
  path: string;
  titles: string[];
}

export function parseEvidenceRef(ref: string): EvidenceRef | string {
  const [path = '', ...titles] = ref.split(' > ').map((part) => part.trim());
  if (!TEST_FILE.test(path)) return `"${path}" is not a test file npm test runs (packages|services/<name>/test/**.test.ts or infra/**/test/**.test.ts)`;
  if (titles.length === 0) return 'names no test: give `path > describe title > test title`';
  const last = titles[titles.length - 1] ?? '';
  if (last.length < SHORTEST_TITLE) return `test title "${last}" is shorter than ${SHORTEST_TITLE} characters: too vague to identify a test`;
  return { path, titles };
}

// Test titles sit in string literals: compare against the source with its quote escapes undone.
function unescapeQuotes(source: string): string {
  return source.replace(/\\(['"`])/g, '$1');
}

/** Every problem of the log, as one line each; empty when the file is consistent. */
export function checkHazardLog(log: HazardLog, readTestFile: ReadTestFile): string[] {
  const problems: string[] = [];
  const hazardIds = new Set<string>();
  const controlIds = new Set<string>();

  for (const hazard of log.hazards) {
    const where = hazard.id;
    if (hazardIds.has(hazard.id)) problems.push(`${where}: hazard id used twice`);
    hazardIds.add(hazard.id);

    problems.push(...checkRisk(`${where} initial risk`, hazard.initialRisk), ...checkRisk(`${where} residual risk`, hazard.residualRisk));
    if (hazard.residualRisk.risk > hazard.initialRisk.risk) {
      problems.push(`${where}: residual risk ${hazard.residualRisk.risk} is higher than the initial risk ${hazard.initialRisk.risk}`);
    }
    if (hazard.residualRisk.risk > HIGHEST_ACCEPTABLE_RISK && hazard.residualJustification === undefined) {
      problems.push(`${where}: residual risk ${hazard.residualRisk.risk} is above acceptable (${HIGHEST_ACCEPTABLE_RISK}) without a residualJustification`);
    }
    if (hazard.controls.length === 0) problems.push(`${where}: hazard has no control`);

    for (const control of hazard.controls) {
      if (!control.id.startsWith(`${hazard.id}.`)) problems.push(`${control.id}: control id does not start with its hazard id ${hazard.id}`);
      if (controlIds.has(control.id)) problems.push(`${control.id}: control id used twice`);
      controlIds.add(control.id);
      if (control.evidence.length === 0) problems.push(`${control.id}: control has no evidence`);
      for (const ref of control.evidence) {
        const problem = checkEvidence(ref, readTestFile);
        if (problem !== undefined) problems.push(`${control.id}: evidence "${ref}": ${problem}`);
      }
    }
  }

  for (const item of log.openItems) {
    for (const id of item.hazards) {
      const hazard = log.hazards.find((h) => h.id === id);
      if (hazard === undefined) problems.push(`${item.id}: names unknown hazard ${id}`);
      else if (hazard.status === 'closed') problems.push(`${item.id}: ${id} is closed while this item is still open`);
    }
  }
  return problems;
}

function checkRisk(where: string, assessment: RiskAssessment): string[] {
  const expected = riskOf(assessment.severity, assessment.likelihood);
  if (assessment.risk === expected) return [];
  return [`${where}: severity ${assessment.severity} x likelihood ${assessment.likelihood} is risk ${expected} on the DCB0129 matrix, not ${assessment.risk}`];
}

function checkEvidence(ref: string, readTestFile: ReadTestFile): string | undefined {
  const parsed = parseEvidenceRef(ref);
  if (typeof parsed === 'string') return parsed;
  const source = readTestFile(parsed.path);
  if (source === undefined) return 'the test file does not exist';
  const text = unescapeQuotes(source);
  const missing = parsed.titles.filter((title) => !text.includes(title));
  if (missing.length > 0) return `no test or describe title ${missing.map((title) => `"${title}"`).join(', ')} in the file`;
  // A describe title must come before the titles nested in it.
  let from = 0;
  for (const title of parsed.titles) {
    const at = text.indexOf(title, from);
    if (at < 0) return `"${title}" does not follow the title before it in the file`;
    from = at + title.length;
  }
  return undefined;
}
