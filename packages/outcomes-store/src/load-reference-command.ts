import type { PracticeMove, ReferenceDiff } from '@firstsync/outcomes-core';
import type { ReferenceLoadResult } from './port';

/** What `npm run outcomes:load-reference` was asked to do. */
export interface LoadReferenceArgs {
  readonly epcn: string | null;
  readonly epraccur: string | null;
  readonly store: string | null;
  readonly schema: string | null;
  readonly asOf: string | null;
}

const USAGE = 'usage: npm run outcomes:load-reference -- [--epcn <csv> --epraccur <csv>] [--store <url>] [--schema <name>] [--as-of YYYY-MM-DD]';

/** Parses the command's arguments (both files, or neither for the shipped fixture). Throws with the usage on anything else. */
export function parseLoadReferenceArgs(argv: readonly string[]): LoadReferenceArgs {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === undefined || !['--epcn', '--epraccur', '--store', '--schema', '--as-of'].includes(flag) || value === undefined || value.startsWith('--')) {
      throw new Error(USAGE);
    }
    values[flag.slice(2)] = value;
    i += 1;
  }
  const epcn = values.epcn ?? null;
  const epraccur = values.epraccur ?? null;
  if ((epcn === null) !== (epraccur === null)) throw new Error(`give both files, or neither for the shipped fixture\n${USAGE}`);
  const asOf = values['as-of'] ?? null;
  if (asOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`--as-of must be a date YYYY-MM-DD\n${USAGE}`);
  return { epcn, epraccur, store: values.store ?? null, schema: values.schema ?? null, asOf };
}

const LIST_MAX = 50;

function list(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [`${title}: none`];
  const shown = items.slice(0, LIST_MAX).map((item) => `  ${item}`);
  return [`${title}: ${items.length}`, ...shown, ...(items.length > LIST_MAX ? [`  ... and ${items.length - LIST_MAX} more`] : [])];
}

const moves = (m: readonly PracticeMove[]) => m.map((move) => `${move.practiceOds}: ${move.from} -> ${move.to}`);

/** The diff as the operator reads it: codes only (the files are public ODS data, but a list of codes is what changes). */
export function formatDiff(diff: ReferenceDiff, asOf: string): string[] {
  return [
    ...list('practices added', diff.practicesAdded),
    ...list('practices removed', diff.practicesRemoved),
    ...list(`practices in another PCN on ${asOf}`, moves(diff.movedPcn)),
    ...list(`practices in another sub-ICB location on ${asOf}`, moves(diff.movedSubIcb)),
    ...list(`practices in another ICB on ${asOf}`, moves(diff.movedIcb)),
  ];
}

export function formatLoadResult(result: ReferenceLoadResult, asOf: string): string {
  const s = result.status;
  return [
    `loaded reference set ${s.generation} from ${s.source}: ${s.practices} practices, ${s.memberships} PCN memberships, ${s.pcns} PCNs, ${s.subIcbs} sub-ICB locations, ${s.icbs} ICBs`,
    ...formatDiff(result.diff, asOf),
    `consultations re-placed: ${result.factsReplaced}`,
  ].join('\n');
}
