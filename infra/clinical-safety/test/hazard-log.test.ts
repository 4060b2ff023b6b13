import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkHazardLog, LEVELS, parseEvidenceRef, parseHazardLog, readHazardLog, readTestFileFrom, repoRoot, riskOf } from '../src/index';

// The hazard log is the clinical risk management file's source of truth: its structure, its risk
// levels and every piece of evidence it cites are checked here, in `npm test`.
const readTestFile = readTestFileFrom(repoRoot);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('docs/clinical-safety/hazard-log.json', () => {
  const log = readHazardLog();

  it('has the structure of a hazard log (zod schema)', () => {
    expect(log.hazards.length).toBeGreaterThanOrEqual(14);
  });

  it('has no problem: every control evidenced by existing tests, every hazard controlled, risks on the DCB0129 matrix', () => {
    expect(checkHazardLog(log, readTestFile)).toEqual([]);
  });

  it('numbers its hazards H-001, H-002, ... in order', () => {
    expect(log.hazards.map((h) => h.id)).toEqual(log.hazards.map((_, i) => `H-${String(i + 1).padStart(3, '0')}`));
  });
});

describe('the DCB0129 risk matrix', () => {
  it('rates the corners and the diagonal as the standard does', () => {
    expect([riskOf(1, 1), riskOf(5, 1), riskOf(1, 5), riskOf(5, 5)]).toEqual([1, 3, 3, 5]);
    expect(LEVELS.map((n) => riskOf(n, n))).toEqual([1, 2, 3, 4, 5]);
  });

  it('never lowers the risk when severity or likelihood grows', () => {
    for (const [i, lower] of LEVELS.entries()) {
      const higher = LEVELS[i + 1];
      if (higher === undefined) continue;
      for (const other of LEVELS) {
        expect(riskOf(higher, other)).toBeGreaterThanOrEqual(riskOf(lower, other));
        expect(riskOf(other, higher)).toBeGreaterThanOrEqual(riskOf(other, lower));
      }
    }
  });
});

// A fixture log with one fault of each kind: the check must report every one of them, and nothing
// about the sound hazard beside them (so the check above cannot pass by reporting nothing).
describe('the check on a log with bogus entries (negative cases)', () => {
  const bogus = parseHazardLog(fixture('bogus-hazard-log.json'));
  const problems = checkHazardLog(bogus, readTestFile);
  const about = (id: string) => problems.filter((p) => p.startsWith(`${id}:`) || p.startsWith(`${id} `));

  it('reports a test file that does not exist', () => {
    expect(about('H-001.C1')).toEqual([expect.stringContaining('the test file does not exist')]);
  });

  it('reports a test title that is not in the file', () => {
    expect(about('H-001.C2')).toEqual([expect.stringContaining('no test or describe title "checks a rule nobody wrote" in the file')]);
  });

  it('reports a describe and test title in the wrong order', () => {
    expect(about('H-001.C3')).toEqual([expect.stringContaining('does not follow the title before it')]);
  });

  it('reports a control without evidence, and a reference that is no test file npm test runs', () => {
    expect(about('H-002.C1')).toEqual([expect.stringContaining('control has no evidence')]);
    expect(about('H-002.C2')).toEqual([expect.stringContaining('is not a test file npm test runs')]);
  });

  it('reports a hazard without a control and a risk that disagrees with the matrix', () => {
    expect(about('H-003')).toEqual([
      expect.stringContaining('H-003 initial risk: severity 4 x likelihood 4 is risk 4 on the DCB0129 matrix, not 3'),
      'H-003: hazard has no control',
    ]);
  });

  it('reports a residual risk above acceptable without a justification, and one above the initial risk', () => {
    expect(about('H-004')).toEqual([
      expect.stringContaining('H-004: residual risk 3 is higher than the initial risk 2'),
      expect.stringContaining('H-004: residual risk 3 is above acceptable (2) without a residualJustification'),
    ]);
  });

  it('reports an open item on a closed hazard', () => {
    expect(about('OI-001')).toEqual([expect.stringContaining('H-005 is closed while this item is still open')]);
  });

  it('reports nothing about the sound hazard, whose evidence is real', () => {
    expect(about('H-005')).toEqual([]);
    expect(about('H-005.C1')).toEqual([]);
  });

  it('reports nothing else', () => {
    expect(problems).toHaveLength(10);
  });
});

describe('the schema', () => {
  it('refuses a misspelt field and an out-of-range level, naming the path', () => {
    const log = readHazardLog();
    const broken = JSON.parse(JSON.stringify(log)) as { hazards: Record<string, unknown>[] };
    const first = broken.hazards[0];
    if (first === undefined) throw new Error('expected a hazard');
    first.cause = first.causes;
    first.initialRisk = { severity: 6, likelihood: 1, risk: 1 };
    expect(() => parseHazardLog(broken)).toThrow(/hazards\.0\.initialRisk\.severity: /);
    expect(() => parseHazardLog(broken)).toThrow(/hazards\.0: Unrecognized key: "cause"/);
  });

  it('reads an evidence reference as a test file and its titles', () => {
    expect(parseEvidenceRef('services/ingest/test/submit.int.test.ts > POST /v1/consultations (real Kafka) > answers 409 for the same id')).toEqual({
      path: 'services/ingest/test/submit.int.test.ts',
      titles: ['POST /v1/consultations (real Kafka)', 'answers 409 for the same id'],
    });
    expect(parseEvidenceRef('docs/clinical-safety/README.md > anything goes here')).toEqual(expect.stringContaining('is not a test file'));
    expect(parseEvidenceRef('services/ingest/test/submit.int.test.ts > answers')).toEqual(expect.stringContaining('too vague'));
  });
});
