import { CellReader } from './cells';
import { parseCsv } from './csv';
import { ReferenceFileError, type ReferenceFileName } from './errors';

const FILE: ReferenceFileName = 'ePCN PCN Core Partner Details';

/**
 * The columns of the "PCN Core Partner Details" sheet of NHS England's ePCN workbook (ePCN.xlsx,
 * published monthly by ODS), in order; the same columns, without a header row, make the ODS
 * "epcncorepartnerdetails" CSV report. The workbook breaks its headers over lines
 * ("Partner\nOrganisation\nCode") and writes "Sub ICB Loc" where ODS's data dictionary writes
 * "Sub ICB Location"; both are accepted. A trailing column "Practice Sub ICB and PCN Sub ICB Match?"
 * is allowed and ignored.
 */
export const EPCN_CORE_PARTNER_COLUMNS = [
  'Partner Organisation Code',
  'Partner Name',
  'Practice Parent Sub ICB Loc Code',
  'Practice Parent Sub ICB Loc Name',
  'PCN Code',
  'PCN Name',
  'PCN Parent Sub ICB Loc Code',
  'PCN Parent Sub ICB Loc Name',
  'Practice to PCN Relationship Start Date',
  'Practice to PCN Relationship End Date',
] as const;

const OPTIONAL_TRAILING_COLUMN = 'Practice Sub ICB and PCN Sub ICB Match?';

const COL = {
  practiceCode: 0,
  practiceName: 1,
  practiceSubIcbCode: 2,
  practiceSubIcbName: 3,
  pcnCode: 4,
  pcnName: 5,
  pcnSubIcbCode: 6,
  pcnSubIcbName: 7,
  start: 8,
  end: 9,
} as const;

/** One practice's membership of a PCN over a period (both dates inclusive; `to` null: still a member). */
export interface PcnMembership {
  readonly practiceOds: string;
  readonly practiceName: string;
  readonly pcnCode: string;
  readonly pcnName: string;
  /** The practice's parent sub-ICB location as the workbook gives it (its current one). */
  readonly practiceSubIcbCode: string;
  readonly practiceSubIcbName: string;
  readonly pcnSubIcbCode: string | null;
  readonly pcnSubIcbName: string | null;
  readonly from: string;
  readonly to: string | null;
}

/** Header text compared as the workbook and the data dictionary may write it. */
function normaliseHeader(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/Sub ICB Location/gi, 'Sub ICB Loc')
    .toLowerCase();
}

function checkHeader(cells: readonly string[]): void {
  const expected = [...EPCN_CORE_PARTNER_COLUMNS];
  expected.forEach((name, column) => {
    if (normaliseHeader(cells[column] ?? '') !== normaliseHeader(name)) {
      throw new ReferenceFileError(
        FILE,
        1,
        column,
        `expected the header "${name}" (is this the PCN Core Partner Details sheet, exported with its header row?)`,
      );
    }
  });
  const extra = cells.slice(expected.length);
  if (extra.length > 1 || (extra.length === 1 && normaliseHeader(extra[0] ?? '') !== normaliseHeader(OPTIONAL_TRAILING_COLUMN))) {
    throw new ReferenceFileError(FILE, 1, expected.length, `expected no further column, or "${OPTIONAL_TRAILING_COLUMN}"`);
  }
}

/**
 * Parses the PCN Core Partner Details sheet exported as CSV with its header row (or the ODS report
 * of the same columns without one: recognised by a practice code in the first cell). Throws a
 * ReferenceFileError naming the row and column of the first cell out of layout.
 */
export function parseEpcnCorePartnerDetails(text: string): PcnMembership[] {
  const records = parseCsv(text, FILE);
  const first = records[0];
  if (!first) throw new ReferenceFileError(FILE, 1, undefined, 'the file is empty');
  const headerless = /^[A-Z][0-9]{5}$/.test((first.cells[0] ?? '').trim());
  if (!headerless) checkHeader(first.cells);
  const names = [...EPCN_CORE_PARTNER_COLUMNS, OPTIONAL_TRAILING_COLUMN];
  return records.slice(headerless ? 0 : 1).map((record) => {
    const read = new CellReader(FILE, record, names);
    if (record.cells.length < EPCN_CORE_PARTNER_COLUMNS.length || record.cells.length > EPCN_CORE_PARTNER_COLUMNS.length + 1) {
      read.failRow(`expected ${EPCN_CORE_PARTNER_COLUMNS.length} columns (${EPCN_CORE_PARTNER_COLUMNS.length + 1} with "${OPTIONAL_TRAILING_COLUMN}")`);
    }
    const membership: PcnMembership = {
      practiceOds: read.practiceCode(COL.practiceCode),
      practiceName: read.text(COL.practiceName),
      practiceSubIcbCode: read.organisationCode(COL.practiceSubIcbCode, 'a sub-ICB location'),
      practiceSubIcbName: read.text(COL.practiceSubIcbName),
      pcnCode: read.pcnCode(COL.pcnCode),
      pcnName: read.text(COL.pcnName),
      pcnSubIcbCode: read.optionalOrganisationCode(COL.pcnSubIcbCode, 'a sub-ICB location'),
      pcnSubIcbName: read.optionalText(COL.pcnSubIcbName),
      from: read.date(COL.start),
      to: read.optionalDate(COL.end),
    };
    if (membership.to !== null && membership.to < membership.from) read.failRow('the relationship end date is before its start date');
    return membership;
  });
}
