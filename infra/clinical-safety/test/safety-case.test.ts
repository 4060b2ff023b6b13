import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHazardLog, renderSafetyCase, repoRoot, SAFETY_CASE_PATH } from '../src/index';

// The committed safety case is what a Clinical Safety Officer reviews and signs; it must say exactly
// what the hazard log says. Fix a failure with: npm run safety-case:generate
describe('docs/clinical-safety/safety-case.md', () => {
  const log = readHazardLog();
  const rendered = renderSafetyCase(log);

  it('is what the generator renders from the hazard log', () => {
    expect(readFileSync(resolve(repoRoot, SAFETY_CASE_PATH), 'utf8')).toBe(rendered);
  });

  it('lists every hazard with its initial and residual risk, every control with its evidence, and every open item', () => {
    for (const hazard of log.hazards) {
      expect(rendered).toContain(`### ${hazard.id} ${hazard.title}`);
      const initial = hazard.initialRisk;
      const residual = hazard.residualRisk;
      expect(rendered).toContain(
        `| ${initial.severity}/${initial.likelihood}/**${initial.risk}** | ${hazard.controls.length} | ${residual.severity}/${residual.likelihood}/**${residual.risk}** | ${hazard.status} |`,
      );
      for (const control of hazard.controls) {
        expect(rendered).toContain(`**${control.id}**`);
        for (const ref of control.evidence) expect(rendered).toContain(`\`${ref}\``);
      }
    }
    for (const item of log.openItems) expect(rendered).toContain(`| ${item.id} |`);
    expect(rendered).toContain('| Clinical Safety Officer |');
  });
});
