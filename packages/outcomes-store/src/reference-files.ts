import { parseEpcnCorePartnerDetails, parseEpraccur, type ReferenceSet } from '@firstsync/outcomes-core';

/**
 * A reference set from the two published files' text (the ePCN "PCN Core Partner Details" sheet
 * as CSV, and epraccur.csv). Throws outcomes-core's ReferenceFileError (file, row, column, what
 * was expected; never a cell's content) on a file in the wrong layout.
 */
export function parseReferenceFiles(files: { readonly epcn: string; readonly epraccur: string }): ReferenceSet {
  return { memberships: parseEpcnCorePartnerDetails(files.epcn), practices: parseEpraccur(files.epraccur) };
}
