import { describe, expect, it } from 'vitest';
import { discloseFigures, type OutcomeFigures } from '../src/index';

const PATHWAYS = ['acute-sinusitis', 'sore-throat', 'acute-otitis-media', 'infected-insect-bite', 'impetigo', 'shingles', 'uncomplicated-uti'];
const outcome = (o: string, group: 'supplied' | 'advice-only' | 'referred', count: number) => ({ outcome: o, group, count });

const figures: OutcomeFigures = {
  scope: { level: 'icb', code: 'QZA' },
  name: null,
  parents: [{ level: 'national', code: null, name: 'England' }],
  period: { granularity: 'month', from: '2024-09-01', to: '2024-11-01' },
  previousPeriod: { granularity: 'month', from: '2024-07-01', to: '2024-09-01' },
  totals: { consultations: 40, previous: 20 },
  series: [
    { start: '2024-09-01', consultations: 25 },
    { start: '2024-10-01', consultations: 15 },
  ],
  byServicePathway: [
    { service: 'pharmacy-first', pathway: 'sore-throat', count: 30, previous: 12 },
    { service: 'pharmacy-first', pathway: null, count: 7, previous: 8 },
    { service: 'blood-pressure-check', pathway: null, count: 3, previous: 0 },
  ],
  outcomeMix: [
    outcome('medicine-supplied', 'supplied', 23),
    outcome('otc-sale', 'supplied', 0),
    outcome('advice-only', 'advice-only', 12),
    outcome('no-supply', 'advice-only', 0),
    outcome('referred-to-gp', 'referred', 5),
    outcome('urgent-escalation', 'referred', 0),
    outcome('signposted', 'referred', 0),
    outcome('referred-to-other-pharmacy-service', 'referred', 0),
  ],
  antibioticSupply: PATHWAYS.map((pathway) => ({
    pathway,
    consultations: pathway === 'sore-throat' ? 30 : 0,
    withAntibiotic: pathway === 'sore-throat' ? 20 : 0,
  })),
  topMedicines: [
    { dmdCode: '289411000001107', consultations: 9, quantity: { value: 181, unitCode: '428641000' } },
    { dmdCode: '24549911000001107', consultations: 3, quantity: { value: 12, unitCode: '428641000' } },
  ],
  deliveryMix: [
    { result: 'pending', count: 0 },
    { result: 'filed', count: 33 },
    { result: 'fallback-email', count: 0 },
    { result: 'rejected', count: 0 },
    { result: 'switched-off', count: 0 },
    { result: 'failed', count: 0 },
    { result: 'not-shared', count: 7 },
  ],
  medianMinutesToFiling: 690,
  filings: 33,
  switchedOffPractices: [{ practiceOds: 'A81002', name: 'RIVERSIDE SURGERY', count: 2 }],
  flows: [{ pharmacyOds: 'FA111', practiceOds: 'A81001', count: 12 }],
  children: [
    { level: 'sub-icb', code: 'Z1A', name: 'NHS NORTHSHIRE ICB - Z1A', count: 36, previous: 20 },
    { level: 'sub-icb', code: 'unmapped', name: null, count: 4, previous: 0 },
  ],
};

// Every expectation below is worked out by hand from the rule (0; 1-7 hidden; else to the nearest
// 5; a line summing to a shown total never has exactly one hidden figure).
describe('discloseFigures', () => {
  const shown = discloseFigures(figures);

  it('rounds totals and computes the change from the shown figures', () => {
    expect(shown.totals).toEqual({ consultations: 40, previous: 20, changePercent: 100 });
    expect(shown.series).toEqual([
      { start: '2024-09-01', consultations: 25 },
      { start: '2024-10-01', consultations: 15 },
    ]);
  });

  it('hides small cells and, beside a shown total, enough others that none can be worked out', () => {
    // 7 and 3 are both small: two hidden in the column already.
    expect(shown.byServicePathway.map((r) => [r.count, r.previous])).toEqual([
      [30, 10],
      ['*', 10],
      ['*', 0],
    ]);
    // not-shared 7 is hidden, so the only other non-zero figure (filed 33) is hidden with it.
    expect(shown.deliveryMix.find((r) => r.result === 'filed')?.count).toBe('*');
    expect(shown.deliveryMix.find((r) => r.result === 'not-shared')?.count).toBe('*');
    expect(shown.deliveryMix.find((r) => r.result === 'pending')?.count).toBe(0);
    // The unmapped 4 hidden, so Z1A's 36 too; the previous period's 20 and 0 are shown.
    expect(shown.children.map((c) => [c.code, c.count, c.previous])).toEqual([
      ['Z1A', '*', 20],
      ['unmapped', '*', 0],
    ]);
  });

  it('discloses the outcome mix as groups by outcomes: a hidden outcome hides its group and a second group', () => {
    // referred-to-gp 5 hides the referred group (5); the row of group totals then needs a second
    // hidden figure: the smallest, advice only (12), and with it its one outcome, advice-only 12.
    expect(shown.outcomeMix.map((o) => [o.outcome, o.count])).toEqual([
      ['medicine-supplied', 25],
      ['otc-sale', 0],
      ['advice-only', '*'],
      ['no-supply', 0],
      ['referred-to-gp', '*'],
      ['urgent-escalation', 0],
      ['signposted', 0],
      ['referred-to-other-pharmacy-service', 0],
    ]);
    expect(shown.outcomeGroups).toEqual([
      { group: 'supplied', count: 25 },
      { group: 'advice-only', count: '*' },
      { group: 'referred', count: '*' },
    ]);
  });

  it('gives antibiotic rates from the shown figures, quantities only beside shown counts, medians over 8+', () => {
    expect(shown.antibioticSupply.find((a) => a.pathway === 'sore-throat')).toEqual({
      pathway: 'sore-throat',
      consultations: 30,
      withAntibiotic: 20,
      ratePercent: 66.7,
    });
    expect(shown.antibioticSupply.find((a) => a.pathway === 'impetigo')).toEqual({
      pathway: 'impetigo',
      consultations: 0,
      withAntibiotic: 0,
      ratePercent: null,
    });
    expect(shown.topMedicines).toEqual([
      { dmdCode: '289411000001107', consultations: 10, quantity: { value: 180, unitCode: '428641000' } },
      { dmdCode: '24549911000001107', consultations: '*', quantity: { value: '*', unitCode: '428641000' } },
    ]);
    expect(shown.medianMinutesToFiling).toBe(690);
    expect(discloseFigures({ ...figures, filings: 7 }).medianMinutesToFiling).toBe('*');
    expect(discloseFigures({ ...figures, medianMinutesToFiling: null, filings: 0 }).medianMinutesToFiling).toBeNull();
    expect(shown.switchedOffPractices).toEqual([{ practiceOds: 'A81002', name: 'RIVERSIDE SURGERY', count: '*' }]);
    expect(shown.flows).toEqual([{ pharmacyOds: 'FA111', practiceOds: 'A81001', count: 10 }]);
  });

  it('hides the headline total when a table beside it had to hide its own', () => {
    // One consultation in all: every table's total is 1, hidden.
    const one = discloseFigures({ ...figures, totals: { consultations: 1, previous: 0 }, series: [{ start: '2024-09-01', consultations: 1 }] });
    expect(one.totals.consultations).toBe('*');
  });
});
