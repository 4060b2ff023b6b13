import { readFileSync } from 'node:fs';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { EPCN_FIXTURE, EPRACCUR_FIXTURE } from '../src/fixture-files';
import {
  diffReferenceSets,
  EPCN_CORE_PARTNER_COLUMNS,
  EPRACCUR_COLUMNS,
  parseEpcnCorePartnerDetails,
  parseEpraccur,
  ReferenceFileError,
  type ReferenceSet,
  referenceResolver,
  UNMAPPED,
} from '../src/index';

const epcnText = readFileSync(EPCN_FIXTURE, 'utf8');
const epraccurText = readFileSync(EPRACCUR_FIXTURE, 'utf8');
const fixtureSet = (): ReferenceSet => ({ memberships: parseEpcnCorePartnerDetails(epcnText), practices: parseEpraccur(epraccurText) });

/** The error a parse throws, to look at its fields. */
function errorOf(parse: () => unknown): ReferenceFileError {
  try {
    parse();
  } catch (err) {
    if (err instanceof ReferenceFileError) return err;
    throw err;
  }
  throw new Error('expected a ReferenceFileError');
}

describe('the synthetic fixture, in the published layouts', () => {
  it('places the demo and test practices in 2 ICBs, 3 sub-ICB locations and 4 PCNs', () => {
    const { whereWas, practiceCodes } = referenceResolver(fixtureSet());
    const demo = ['A81001', 'A81002', 'A81003', 'Y02345', 'B82005', 'B82006', 'M85063', 'C84017', 'J82026', 'P87651'];
    expect([...practiceCodes].sort()).toEqual([...demo].sort());
    const placements = demo.map((ods) => whereWas(ods, '2026-03-10'));
    expect(new Set(placements.map((p) => p.icb))).toEqual(new Set(['QZA', 'QZB']));
    expect(new Set(placements.map((p) => p.subIcb))).toEqual(new Set(['Z1A', 'Z1B', 'Z2A']));
    expect(new Set(placements.map((p) => p.pcn))).toEqual(new Set(['U90001', 'U90002', 'U90003', 'U90004', UNMAPPED]));
  });

  it('counts a practice that changed PCN where it was on the day', () => {
    const { whereWas } = referenceResolver(fixtureSet());
    expect(whereWas('A81002', '2024-09-30')).toEqual({ practiceOds: 'A81002', pcn: 'U90001', subIcb: 'Z1A', icb: 'QZA' });
    expect(whereWas('A81002', '2024-10-01').pcn).toBe('U90002');
    expect(whereWas('A81002', '2026-03-10').pcn).toBe('U90002');
  });

  it('leaves unknown practices, practices in no PCN, and dates outside the commissioning unmapped', () => {
    const { whereWas } = referenceResolver(fixtureSet());
    expect(whereWas('Z99999', '2026-03-10')).toEqual({ practiceOds: 'Z99999', pcn: UNMAPPED, subIcb: UNMAPPED, icb: UNMAPPED });
    expect(whereWas('P87651', '2026-03-10')).toEqual({ practiceOds: 'P87651', pcn: UNMAPPED, subIcb: 'Z2A', icb: 'QZB' });
    expect(whereWas('J82026', '2021-03-31')).toMatchObject({ pcn: UNMAPPED, subIcb: UNMAPPED });
  });

  it('keeps the names the files give', () => {
    const { names } = referenceResolver(fixtureSet());
    expect(names.pcns.get('U90002')).toBe('HARBOURSIDE PCN');
    expect(names.subIcbs.get('Z2A')).toBe('NHS SOUTHVALE ICB - Z2A');
    expect(names.practices.get('P87651')).toBe('STATION ROAD PRACTICE');
  });
});

describe('parseEpcnCorePartnerDetails', () => {
  const header = EPCN_CORE_PARTNER_COLUMNS.join(',');
  const row = 'A81001,NORTHGATE,Z1A,NHS X ICB - Z1A,U90001,NORTHGATE PCN,Z1A,NHS X ICB - Z1A,20190701,';

  it('reads the headers on one line, with "Location", with the match column, and the headerless ODS report', () => {
    const long = header.replaceAll('Sub ICB Loc', 'Sub ICB Location');
    for (const text of [`${header}\n${row}\n`, `${long}\r\n${row}`, `${header},Practice Sub ICB and PCN Sub ICB Match?\n${row},Y\n`, `${row}\n`]) {
      expect(parseEpcnCorePartnerDetails(text)).toEqual([
        {
          practiceOds: 'A81001',
          practiceName: 'NORTHGATE',
          practiceSubIcbCode: 'Z1A',
          practiceSubIcbName: 'NHS X ICB - Z1A',
          pcnCode: 'U90001',
          pcnName: 'NORTHGATE PCN',
          pcnSubIcbCode: 'Z1A',
          pcnSubIcbName: 'NHS X ICB - Z1A',
          from: '2019-07-01',
          to: null,
        },
      ]);
    }
  });

  it('accepts dates as a spreadsheet exports them', () => {
    const [m] = parseEpcnCorePartnerDetails(`${header}\n${row.replace('20190701,', '01/07/2019,31/03/2024')}`);
    expect(m).toMatchObject({ from: '2019-07-01', to: '2024-03-31' });
  });

  it('names the row and column of a cell out of layout, never its content', () => {
    const wrongSheet = errorOf(() => parseEpcnCorePartnerDetails('PCN Code,PCN Name,Current Sub ICB Loc Code\nU90001,SECRET NAME,Z1A\n'));
    expect(wrongSheet).toMatchObject({ row: 1, column: 0, columnName: undefined });
    expect(wrongSheet.message).toContain('row 1, column A');
    expect(wrongSheet.message).toContain('Partner Organisation Code');
    const badCode = errorOf(() => parseEpcnCorePartnerDetails(`${header}\n${row}\n${row.replace('U90001', 'SECRET NAME')}`));
    expect(badCode.message).toBe('ePCN PCN Core Partner Details: row 3, column E (PCN Code): expected a PCN code (U and 5 digits)');
    const badDate = errorOf(() => parseEpcnCorePartnerDetails(`${header}\n${row.replace('20190701', '2019-13-01')}`));
    expect(badDate.message).toContain('row 2, column I (Practice to PCN Relationship Start Date): expected a date');
    const short = errorOf(() => parseEpcnCorePartnerDetails(`${header}\nA81001,SECRET NAME`));
    expect(short.message).toBe('ePCN PCN Core Partner Details: row 2: expected 10 columns (11 with "Practice Sub ICB and PCN Sub ICB Match?")');
    const backwards = errorOf(() => parseEpcnCorePartnerDetails(`${header}\n${row}20190601`));
    expect(backwards.message).toContain('row 2: the relationship end date is before its start date');
    for (const err of [wrongSheet, badCode, badDate, short]) expect(err.message).not.toContain('SECRET');
    expect(errorOf(() => parseEpcnCorePartnerDetails('')).message).toContain('the file is empty');
    expect(errorOf(() => parseEpcnCorePartnerDetails(`${header}\n"A81001,unterminated`)).message).toContain('row 2: a quoted field is never closed');
  });
});

describe('parseEpraccur', () => {
  const cells = (edit: Record<number, string> = {}) => {
    const row = [
      'A81001',
      'SECRET SURGERY',
      'Y90',
      'QZA',
      '1 HIGH ST',
      '',
      '',
      '',
      '',
      'NS1 1AA',
      '19740401',
      '',
      'A',
      'B',
      'Z1A',
      '20220701',
      '',
      '01632 960000',
    ];
    const full = [...row, ...Array.from({ length: 27 - row.length }, () => '')];
    for (const [i, v] of Object.entries(edit)) full[Number(i)] = v;
    return full.map((c) => `"${c}"`).join(',');
  };

  it('reads the codes, status and commissioning dates of each practice', () => {
    expect(parseEpraccur(`${cells({ 11: '20300101', 16: '20250331' })}\n`)).toEqual([
      {
        practiceOds: 'A81001',
        practiceName: 'SECRET SURGERY',
        regionCode: 'Y90',
        icbCode: 'QZA',
        openDate: '1974-04-01',
        closeDate: '2030-01-01',
        status: 'A',
        subIcbCode: 'Z1A',
        from: '2022-07-01',
        to: '2025-03-31',
      },
    ]);
  });

  it('names the row and column of a cell out of layout, never its content', () => {
    const withHeader = errorOf(() => parseEpraccur(`${EPRACCUR_COLUMNS.map((c) => `"${c}"`).join(',')}\n${cells()}`));
    expect(withHeader.message).toBe('epraccur: row 1, column A (Organisation Code): expected a GP practice ODS code (a letter and 5 digits)');
    const badStatus = errorOf(() => parseEpraccur(`${cells()}\n${cells({ 0: 'A81002', 12: 'SECRET' })}`));
    expect(badStatus.message).toBe('epraccur: row 2, column M (Status Code): expected one of A, C, D, P');
    const badCommissioner = errorOf(() => parseEpraccur(cells({ 14: 'secret' })));
    expect(badCommissioner.message).toContain('column O (Commissioner)');
    const columns = errorOf(() => parseEpraccur('"A81001","SECRET SURGERY"'));
    expect(columns.message).toBe('epraccur: row 1: expected 27 columns, as epraccur.csv has (no header row)');
    const twice = errorOf(() => parseEpraccur(`${cells()}\n\n${cells()}`));
    expect(twice.message).toBe('epraccur: row 3: the practice code appears again (first on row 1)');
    for (const err of [withHeader, badStatus, badCommissioner, columns, twice]) expect(err.message).not.toMatch(/SECRET|secret/);
  });
});

describe('diffReferenceSets', () => {
  it('lists practices added, removed and moved, by code', () => {
    const before = fixtureSet();
    const after: ReferenceSet = {
      memberships: [
        ...before.memberships.filter((m) => m.practiceOds !== 'B82006' && m.practiceOds !== 'C84017'),
        ...before.memberships
          .filter((m) => m.practiceOds === 'C84017')
          .map((m) => ({ ...m, to: '2026-01-31' }))
          .flatMap((m) => [m, { ...m, pcnCode: 'U90005', pcnName: 'NEW PCN', from: '2026-02-01', to: null }]),
        { ...defined(before.memberships[0], 'a membership'), practiceOds: 'A89999', practiceName: 'NEW SURGERY' },
      ],
      practices: before.practices.filter((p) => p.practiceOds !== 'B82006').map((p) => (p.practiceOds === 'P87651' ? { ...p, subIcbCode: 'Z2B' } : p)),
    };
    expect(diffReferenceSets(before, after, '2026-03-10')).toEqual({
      practicesAdded: ['A89999'],
      practicesRemoved: ['B82006'],
      movedPcn: [{ practiceOds: 'C84017', from: 'U90004', to: 'U90005' }],
      movedSubIcb: [{ practiceOds: 'P87651', from: 'Z2A', to: 'Z2B' }],
      movedIcb: [],
    });
    expect(diffReferenceSets(before, before, '2026-03-10')).toEqual({ practicesAdded: [], practicesRemoved: [], movedPcn: [], movedSubIcb: [], movedIcb: [] });
  });
});
