import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HAZARD_LOG_PATH, type Hazard, type HazardLog, type RiskAssessment, readHazardLog, repoRoot, SAFETY_CASE_PATH } from './hazard-log';
import { DCB0129_URL, HIGHEST_ACCEPTABLE_RISK, LEVELS, LIKELIHOOD, RISK, riskOf, SEVERITY } from './risk-matrix';

// Renders the clinical safety case report (docs/clinical-safety/safety-case.md) from the hazard log.
// Everything in it comes from the log and the matrix, so the report can never say something the log
// does not; test/safety-case.test.ts fails when the committed report is not what this renders.
// Regenerate with: npm run safety-case:generate

const KIND_NAMES = { design: 'Design', test: 'Test', training: 'Training', ops: 'Operational' } as const;

export function renderSafetyCase(log: HazardLog): string {
  return [
    ...header(log),
    ...scope(log),
    ...riskManagement(),
    ...summary(log),
    ...log.hazards.flatMap(hazardSection),
    ...openItems(log),
    ...conclusion(log),
    ...signOff(),
  ].join('\n');
}

function header(log: HazardLog): string[] {
  return [
    `# Clinical safety case report: ${log.system}`,
    '',
    `<!-- Generated from ${HAZARD_LOG_PATH} by infra/clinical-safety/src/safety-case.ts (npm run safety-case:generate). Do not edit by hand. -->`,
    '',
    '| | |',
    '|---|---|',
    `| System | ${log.system} |`,
    `| Hazard log version | ${log.version} |`,
    `| Last reviewed | ${log.reviewed} |`,
    `| Standard | ${log.standard} |`,
    `| Status | Draft: awaiting review and approval by the Clinical Safety Officer |`,
    '',
  ];
}

function scope(log: HazardLog): string[] {
  return [
    '## 1. Scope',
    '',
    log.scope,
    '',
    `**Intended use.** ${log.intendedUse}`,
    '',
    '**Out of scope:**',
    '',
    ...log.outOfScope.map((item) => `- ${item}`),
    '',
    '## 2. System description',
    '',
    ...log.systemDescription.map((item) => `- ${item}`),
    '',
  ];
}

function riskManagement(): string[] {
  const severityRows = [...LEVELS].reverse();
  return [
    '## 3. Clinical risk management process',
    '',
    'Clinical risk management follows DCB0129. Hazards are identified from the consultation flow end to end',
    '(submission, mapping, transport, acknowledgement, fallback, feedback to the pharmacy, operator actions),',
    'from known incidents in Update Record use, and from each change to the system. Each hazard is recorded in',
    `the machine-readable hazard log (\`${HAZARD_LOG_PATH}\`) with its causes, its effects on the patient, its`,
    'initial risk, the controls that reduce it and the residual risk after them.',
    '',
    'Every control names the automated tests that evidence it. `npm test` checks the log',
    '(`infra/clinical-safety/test/hazard-log.test.ts`): it fails when a referenced test file or test no longer',
    'exists, when a control has no evidence or a hazard no control, when a risk level disagrees with the matrix',
    'below, or when a residual risk above acceptable has no justification. This report is generated from the',
    'log and checked against it in the same run.',
    '',
    '### Risk matrix',
    '',
    `Risk level by likelihood (rows) and severity (columns), from NHS England's DCB0129 implementation guidance (<${DCB0129_URL}>):`,
    '',
    `| Likelihood | ${LEVELS.map((s) => `${s} ${SEVERITY[s].name}`).join(' | ')} |`,
    `|---|${LEVELS.map(() => ':---:').join('|')}|`,
    ...severityRows.map((l) => `| ${l} ${LIKELIHOOD[l].name} | ${LEVELS.map((s) => String(riskOf(s, l))).join(' | ')} |`),
    '',
    '| Severity | Meaning |',
    '|---|---|',
    ...severityRows.map((s) => `| ${s} ${SEVERITY[s].name} | ${SEVERITY[s].meaning} |`),
    '',
    '| Likelihood | Meaning |',
    '|---|---|',
    ...severityRows.map((l) => `| ${l} ${LIKELIHOOD[l].name} | ${LIKELIHOOD[l].meaning} |`),
    '',
    '| Risk level | Acceptability |',
    '|---|---|',
    ...severityRows.map((r) => `| ${r} ${RISK[r].name} | ${RISK[r].meaning} |`),
    '',
    `Levels 1 and ${HIGHEST_ACCEPTABLE_RISK} are acceptable. A residual risk above ${HIGHEST_ACCEPTABLE_RISK} is recorded with the`,
    'justification why further reduction is impractical, and stays open for the Clinical Safety Officer.',
    '',
  ];
}

function summary(log: HazardLog): string[] {
  return [
    '## 4. Hazard summary',
    '',
    '| Hazard | Title | Initial S/L/Risk | Controls | Residual S/L/Risk | Status |',
    '|---|---|:---:|:---:|:---:|---|',
    ...log.hazards.map(
      (h) => `| [${h.id}](#${anchor(h)}) | ${cell(h.title)} | ${short(h.initialRisk)} | ${h.controls.length} | ${short(h.residualRisk)} | ${h.status} |`,
    ),
    '',
    '## 5. Hazards, controls and evidence',
    '',
  ];
}

function hazardSection(h: Hazard): string[] {
  return [
    `### ${h.id} ${h.title}`,
    '',
    h.description,
    '',
    '**Causes:**',
    '',
    ...h.causes.map((c) => `- ${c}`),
    '',
    '**Effects on the patient:**',
    '',
    ...h.effects.map((e) => `- ${e}`),
    '',
    `**Initial risk:** ${long(h.initialRisk)}`,
    '',
    '**Controls:**',
    '',
    ...h.controls.flatMap((c) => [`- **${c.id}** (${KIND_NAMES[c.kind]}) ${c.description}`, '  Evidence:', ...c.evidence.map((ref) => `  - \`${ref}\``)]),
    '',
    `**Residual risk:** ${long(h.residualRisk)}`,
    '',
    ...(h.residualJustification === undefined ? [] : [`**Residual risk justification:** ${h.residualJustification}`, '']),
    `**Status:** ${h.status}`,
    '',
  ];
}

function openItems(log: HazardLog): string[] {
  return [
    '## 6. Open items',
    '',
    ...(log.openItems.length === 0
      ? ['None.']
      : ['| Item | Hazards | Description |', '|---|---|---|', ...log.openItems.map((o) => `| ${o.id} | ${o.hazards.join(', ')} | ${cell(o.description)} |`)]),
    '',
  ];
}

function conclusion(log: HazardLog): string[] {
  const above = log.hazards.filter((h) => h.residualRisk.risk > HIGHEST_ACCEPTABLE_RISK);
  const highest = LEVELS.filter((level) => log.hazards.some((h) => h.residualRisk.risk === level)).at(-1) ?? 1;
  return [
    '## 7. Summary of residual risk',
    '',
    `${log.hazards.length} hazards are recorded, with ${log.hazards.reduce((n, h) => n + h.controls.length, 0)} controls evidenced by automated tests.`,
    `The highest residual risk is ${highest} (${RISK[highest].name}).`,
    above.length === 0
      ? 'Every residual risk is acceptable.'
      : `${above.length} hazard${above.length === 1 ? ' has' : 's have'} a residual risk above acceptable, each with its justification above: ${above.map((h) => h.id).join(', ')}.`,
    'The system is not to be declared safe for deployment until the Clinical Safety Officer has reviewed this',
    'report, the open items are resolved or accepted, and the report is signed below.',
    '',
  ];
}

function signOff(): string[] {
  return [
    '## 8. Approval',
    '',
    '| Role | Name | Registration | Signature | Date |',
    '|---|---|---|---|---|',
    '| Clinical Safety Officer | _to be appointed_ | | | |',
    '| Approved for the manufacturer by | | | | |',
    '',
  ];
}

function short(r: RiskAssessment): string {
  return `${r.severity}/${r.likelihood}/**${r.risk}**`;
}

function long(r: RiskAssessment): string {
  return `severity ${r.severity} (${SEVERITY[r.severity].name}), likelihood ${r.likelihood} (${LIKELIHOOD[r.likelihood].name}): risk ${r.risk} (${RISK[r.risk].name})`;
}

// GitHub's heading anchor: lower case, spaces to hyphens, punctuation dropped.
function anchor(h: Hazard): string {
  return `${h.id} ${h.title}`
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function writeSafetyCase(): void {
  writeFileSync(resolve(repoRoot, SAFETY_CASE_PATH), renderSafetyCase(readHazardLog()));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) writeSafetyCase();
