import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// promtool comes with Debian's prometheus package, which `npm test` installs (infra/scripts/lib/dependencies.mjs).
const PROMTOOL = '/usr/bin/promtool';
const here = dirname(fileURLToPath(import.meta.url));
const rulesFile = join(here, '..', 'alerts.yml');
const unitTests = readdirSync(here).filter((name) => name.endsWith('.test.yml'));
const rulesText = readFileSync(rulesFile, 'utf8');
const alertNames = [...rulesText.matchAll(/^\s+- alert: (\S+)$/gm)].map((match) => match[1] ?? '');

function promtool(args: readonly string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(PROMTOOL, args, { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** alerts.yml with one alert's expression replaced by one that never fires. */
function withSilencedAlert(text: string, alert: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `- alert: ${alert}`);
  const exprAt = lines.findIndex((line, i) => i > start && line.trim().startsWith('expr:'));
  const indent = lines[exprAt]?.match(/^\s*/)?.[0] ?? '';
  // The expression runs until the next key of the same rule (for:, labels:).
  let end = exprAt + 1;
  while (end < lines.length && !/^\s*(for|labels):/.test(lines[end] ?? '')) end += 1;
  return [...lines.slice(0, exprAt), `${indent}expr: vector(0) > 1`, ...lines.slice(end)].join('\n');
}

const scratch = mkdtempSync(join(tmpdir(), 'firstsync-alerts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Prometheus alert rules (promtool)', () => {
  it('promtool is installed', () => {
    expect(existsSync(PROMTOOL), 'promtool missing: apt-get install prometheus (npm test does this as root)').toBe(true);
  });

  it('alerts.yml is valid and names the alerts on-call needs', () => {
    const { status, output } = promtool(['check', 'rules', rulesFile], here);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
    expect(alertNames).toEqual(
      expect.arrayContaining([
        'FirstsyncAcknowledgementsOverdue',
        'FirstsyncDeadLetters',
        'FirstsyncConsumerLagGrowing',
        'FirstsyncBreakerOpenLong',
        'FirstsyncFallbackMailFailing',
        'FirstsyncMeshPollStale',
        'FirstsyncWebhookEndpointDisabled',
      ]),
    );
  });

  it('every unit test (series -> expected alerts) passes', () => {
    expect(unitTests.length).toBeGreaterThan(0);
    const { status, output } = promtool(['test', 'rules', ...unitTests], here);
    expect(output, output).not.toContain('FAILED');
    expect(status, output).toBe(0);
  });

  // The unit tests must be able to fail: with any one alert unable to fire, some expected alert is missing.
  it.each(alertNames)('the unit tests catch %s never firing', (alert) => {
    const dir = join(scratch, alert);
    mkdirSync(join(dir, 'test'), { recursive: true });
    writeFileSync(join(dir, 'alerts.yml'), withSilencedAlert(rulesText, alert));
    for (const name of unitTests) writeFileSync(join(dir, 'test', name), readFileSync(join(here, name)));
    expect(promtool(['check', 'rules', join(dir, 'alerts.yml')], dir).status).toBe(0);
    const { status, output } = promtool(['test', 'rules', ...unitTests], join(dir, 'test'));
    expect(status, output).not.toBe(0);
    expect(output).toContain(alert);
  });
});
