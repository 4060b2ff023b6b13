// The synthetic reference files of `fixtures/`, in the published layouts (no real organisations):
// the demo and test practices (A81001-A81003 of npm start, the contracts' fixtures Y02345 and
// B82005, the chaos and benchmark practices) in 2 ICBs (QZA, QZB), 3 sub-ICB locations (Z1A, Z1B,
// Z2A) and 4 PCNs (U90001-U90004). A81002 moved from U90001 to U90002 on 2024-10-01; P87651 is in
// no PCN. Paths only (reading them is the caller's I/O): `@firstsync/outcomes/fixtures`.

/** The PCN Core Partner Details sheet of the ePCN workbook, exported as CSV with its header row. */
export const EPCN_FIXTURE = new URL('../fixtures/epcn-core-partner-details.csv', import.meta.url);

/** epraccur.csv: headerless, 27 columns. */
export const EPRACCUR_FIXTURE = new URL('../fixtures/epraccur.csv', import.meta.url);
