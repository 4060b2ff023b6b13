import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// The structure of docs/clinical-safety/hazard-log.json. Strict objects: a misspelt field is an
// error, not a silently ignored fact of the clinical risk management file.

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const HAZARD_LOG_PATH = 'docs/clinical-safety/hazard-log.json';
export const SAFETY_CASE_PATH = 'docs/clinical-safety/safety-case.md';

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const text = z.string().trim().min(1);

export const riskAssessmentSchema = z.strictObject({ severity: level, likelihood: level, risk: level });

export const controlSchema = z.strictObject({
  id: z.string().regex(/^H-\d{3}\.C\d+$/, 'a control id is its hazard id, ".C" and a number, e.g. H-001.C1'),
  description: text,
  kind: z.enum(['design', 'test', 'training', 'ops']),
  // Each entry names one test: `path/to/file.test.ts > describe title > test title` (titles may be
  // left out from the left, e.g. for a describe title built from a variable).
  evidence: z.array(text),
});

export const hazardSchema = z.strictObject({
  id: z.string().regex(/^H-\d{3}$/, 'a hazard id is H- and three digits, e.g. H-001'),
  title: text,
  description: text,
  causes: z.array(text).min(1),
  effects: z.array(text).min(1),
  initialRisk: riskAssessmentSchema,
  controls: z.array(controlSchema),
  residualRisk: riskAssessmentSchema,
  // Required (by the evidence check) when the residual risk is above the acceptable levels.
  residualJustification: text.optional(),
  status: z.enum(['open', 'closed', 'transferred']),
});

export const openItemSchema = z.strictObject({
  id: z.string().regex(/^OI-\d{3}$/, 'an open item id is OI- and three digits'),
  hazards: z.array(z.string().regex(/^H-\d{3}$/)).min(1),
  description: text,
});

export const hazardLogSchema = z.strictObject({
  system: text,
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  reviewed: z.iso.date(),
  standard: text,
  scope: text,
  intendedUse: text,
  outOfScope: z.array(text),
  systemDescription: z.array(text).min(1),
  hazards: z.array(hazardSchema).min(1),
  openItems: z.array(openItemSchema),
});

export type RiskAssessment = z.infer<typeof riskAssessmentSchema>;
export type Control = z.infer<typeof controlSchema>;
export type Hazard = z.infer<typeof hazardSchema>;
export type OpenItem = z.infer<typeof openItemSchema>;
export type HazardLog = z.infer<typeof hazardLogSchema>;

/** Parses a hazard log; throws naming every structural problem by its path. */
export function parseHazardLog(json: unknown): HazardLog {
  const parsed = hazardLogSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`the hazard log is malformed:\n${issues.join('\n')}`);
}

export function readHazardLog(path = resolve(repoRoot, HAZARD_LOG_PATH)): HazardLog {
  return parseHazardLog(JSON.parse(readFileSync(path, 'utf8')));
}
