import type { FiguresOptions, OutcomesStore, Period, Scope, ScopeLevel, ScopeRef } from '@firstsync/outcomes-store';
import type { SessionUser } from '../auth/users';

/**
 * Who may see which outcome figures, decided on the server for every page, API answer and export.
 * Ops staff (viewer, operator) see every area, national included. A commissioner sees their ICB
 * and what lies in it, a PCN lead their PCN and its practices, each over their own area's
 * consultations only (`within`); a pharmacy manager sees their own pharmacy. Pharmacy (worklist)
 * users see none.
 */
export type OutcomesAccess = { readonly kind: 'all' } | { readonly kind: 'area'; readonly own: Scope & { readonly code: string } } | { readonly kind: 'none' };

export function outcomesAccessOf(user: SessionUser): OutcomesAccess {
  switch (user.role) {
    case 'viewer':
    case 'operator':
      return { kind: 'all' };
    case 'commissioner':
      return { kind: 'area', own: { level: 'icb', code: user.icbCode } };
    case 'pcn-lead':
      return { kind: 'area', own: { level: 'pcn', code: user.pcnCode } };
    case 'pharmacy-manager':
      return { kind: 'area', own: { level: 'pharmacy', code: user.pharmacyOds } };
    default:
      return { kind: 'none' };
  }
}

/** Depth in the geography: an area sees only levels at or below its own. */
const DEPTH: Readonly<Record<ScopeLevel, number>> = { national: 0, icb: 1, 'sub-icb': 2, pcn: 3, practice: 4, pharmacy: 5 };

const codeOf = (scope: Scope): string | null => (scope.level === 'national' ? null : scope.code);
const sameScope = (a: Scope, b: Scope): boolean => a.level === b.level && codeOf(a) === codeOf(b);

/**
 * The options to read `scope`'s figures with for this user, or undefined when the user may not see
 * them (the caller answers 403). An area user's figures are always restricted to their own area,
 * so even a scope that only partly lies in it (a practice that moved in, a pharmacy serving
 * several ICBs) shows nothing of anyone else's patients.
 */
export async function authoriseFigures(store: OutcomesStore, access: OutcomesAccess, scope: Scope, period: Period): Promise<FiguresOptions | undefined> {
  if (access.kind === 'all') return {};
  if (access.kind === 'none') return undefined;
  const { own } = access;
  if (sameScope(scope, own)) return { within: own };
  // A pharmacy manager sees their own pharmacy only: a practice page would show other pharmacies' work.
  if (own.level === 'pharmacy') return undefined;
  if (scope.level === 'national' || (scope.level !== 'pharmacy' && DEPTH[scope.level] <= DEPTH[own.level])) return undefined;
  return (await store.scopeWithin(scope, own, period)) ? { within: own } : undefined;
}

/**
 * Whether a page should link to `ref` for this user: a hint for breadcrumbs and tables, so nobody is
 * shown links that lead to 403. The server still decides on every request (authoriseFigures).
 */
export function mayLinkTo(access: OutcomesAccess, ref: ScopeRef): boolean {
  if (access.kind === 'all') return true;
  if (access.kind === 'none') return false;
  const { own } = access;
  if (ref.level === own.level) return ref.code === own.code;
  if (own.level === 'pharmacy' || ref.level === 'national') return false;
  return ref.level === 'pharmacy' || DEPTH[ref.level] > DEPTH[own.level];
}
