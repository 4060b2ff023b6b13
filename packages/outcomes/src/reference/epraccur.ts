import { CellReader } from './cells';
import { parseCsv } from './csv';
import { ReferenceFileError, type ReferenceFileName } from './errors';

const FILE: ReferenceFileName = 'epraccur';

/**
 * The 27 columns of ODS's epraccur.csv (GP practices and prescribing cost centres), in order. The
 * file has no header row; these are the names of ODS's file specification. Since July 2022 the
 * "High Level Health Geography" is the ICB, "National Grouping" the NHS England region and
 * "Commissioner" the sub-ICB location, which the practice joined and left on the two
 * Provider/Purchaser dates.
 */
export const EPRACCUR_COLUMNS = [
  'Organisation Code',
  'Name',
  'National Grouping',
  'High Level Health Geography',
  'Address Line 1',
  'Address Line 2',
  'Address Line 3',
  'Address Line 4',
  'Address Line 5',
  'Postcode',
  'Open Date',
  'Close Date',
  'Status Code',
  'Organisation Sub-Type Code',
  'Commissioner',
  'Join Provider/Purchaser Date',
  'Left Provider/Purchaser Date',
  'Contact Telephone Number',
  'Null',
  'Null',
  'Null',
  'Amended Record Indicator',
  'Null',
  'Provider/Purchaser',
  'Null',
  'Prescribing Setting',
  'Null',
] as const;

const COL = {
  code: 0,
  name: 1,
  region: 2,
  icb: 3,
  openDate: 10,
  closeDate: 11,
  status: 12,
  commissioner: 14,
  joinDate: 15,
  leftDate: 16,
} as const;

/** A / C / D / P: active, closed, dormant, proposed. */
export const PRACTICE_STATUSES = ['A', 'C', 'D', 'P'] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** A practice as epraccur gives it: codes, name, status and its commissioning with dates (addresses and phone numbers are not read). */
export interface PracticeRecord {
  readonly practiceOds: string;
  readonly practiceName: string;
  readonly status: PracticeStatus;
  readonly openDate: string;
  readonly closeDate: string | null;
  /** The sub-ICB location (Commissioner) and the dates the practice joined and left it (inclusive). */
  readonly subIcbCode: string | null;
  readonly icbCode: string | null;
  readonly regionCode: string | null;
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * Parses epraccur.csv. Throws a ReferenceFileError naming the row and column of the first cell out
 * of layout; a header row is an error too (the published file has none).
 */
export function parseEpraccur(text: string): PracticeRecord[] {
  const records = parseCsv(text, FILE);
  if (records.length === 0) throw new ReferenceFileError(FILE, 1, undefined, 'the file is empty');
  const seen = new Map<string, number>();
  return records.map((record) => {
    const read = new CellReader(FILE, record, EPRACCUR_COLUMNS);
    if (record.cells.length !== EPRACCUR_COLUMNS.length) read.failRow(`expected ${EPRACCUR_COLUMNS.length} columns, as epraccur.csv has (no header row)`);
    const practice: PracticeRecord = {
      practiceOds: read.practiceCode(COL.code),
      practiceName: read.text(COL.name),
      regionCode: read.optionalOrganisationCode(COL.region, 'an NHS England region'),
      icbCode: read.optionalOrganisationCode(COL.icb, 'an ICB'),
      openDate: read.date(COL.openDate),
      closeDate: read.optionalDate(COL.closeDate),
      status: read.oneOf(COL.status, PRACTICE_STATUSES),
      subIcbCode: read.optionalOrganisationCode(COL.commissioner, 'a sub-ICB location'),
      from: read.optionalDate(COL.joinDate),
      to: read.optionalDate(COL.leftDate),
    };
    const earlier = seen.get(practice.practiceOds);
    if (earlier !== undefined) read.failRow(`the practice code appears again (first on row ${earlier})`);
    seen.set(practice.practiceOds, record.row);
    if (practice.to !== null && practice.from !== null && practice.to < practice.from) read.failRow('the left date is before the join date');
    return practice;
  });
}
