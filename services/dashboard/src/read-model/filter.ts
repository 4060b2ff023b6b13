import type { ConsultationState } from '@firstsync/consultation-lifecycle';
import type { ConsultationView } from './derive-consultation';

/** What the list, the CSV export and bulk resend select on. Dates are ISO instants. */
export interface ConsultationFilter {
  states?: readonly ConsultationState[];
  pharmacyOds?: string;
  practiceOds?: string;
  service?: string;
  /** Inclusive lower bound on when the consultation was received (or first seen). */
  from?: string;
  /** Exclusive upper bound. */
  to?: string;
  /** Case-insensitive prefix of the consultation id (operators paste the first few characters). */
  consultationId?: string;
}

export interface PageRequest {
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export const MAX_PAGE_SIZE = 200;

export function matchesFilter(view: ConsultationView, filter: ConsultationFilter): boolean {
  if (filter.states && filter.states.length > 0 && !filter.states.includes(view.state)) return false;
  if (filter.pharmacyOds && view.pharmacyOds !== filter.pharmacyOds) return false;
  if (filter.practiceOds && view.practiceOds !== filter.practiceOds) return false;
  if (filter.service && view.service !== filter.service) return false;
  if (filter.from || filter.to) {
    const when = Date.parse(view.receivedAt ?? view.firstEventAt);
    if (filter.from && when < Date.parse(filter.from)) return false;
    if (filter.to && when >= Date.parse(filter.to)) return false;
  }
  if (filter.consultationId && !view.consultationId.startsWith(filter.consultationId.toLowerCase())) return false;
  return true;
}

/** Most recently active first, so what an operator is looking into is on page 1. */
export function compareByRecentActivity(a: ConsultationView, b: ConsultationView): number {
  const byTime = Date.parse(b.lastEventAt) - Date.parse(a.lastEventAt);
  if (byTime !== 0) return byTime;
  return a.consultationId < b.consultationId ? -1 : a.consultationId > b.consultationId ? 1 : 0;
}

/** `compareByRecentActivity` order, parsing each instant once instead of at every comparison. */
export function sortByRecentActivity(views: readonly ConsultationView[]): ConsultationView[] {
  return views
    .map((view) => ({ view, at: Date.parse(view.lastEventAt) }))
    .sort((a, b) => b.at - a.at || (a.view.consultationId < b.view.consultationId ? -1 : a.view.consultationId > b.view.consultationId ? 1 : 0))
    .map(({ view }) => view);
}

/** The page actually served for `total` items: size clamped to 1..MAX_PAGE_SIZE, page to 1..pageCount. */
export function pageWindow(total: number, request: PageRequest): Omit<Page<never>, 'items'> & { start: number } {
  const pageSize = Math.min(Math.max(1, Math.floor(request.pageSize)), MAX_PAGE_SIZE);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(request.page)), pageCount);
  return { total, page, pageSize, pageCount, start: (page - 1) * pageSize };
}

export function paginate<T>(sorted: readonly T[], request: PageRequest): Page<T> {
  const { start, ...window } = pageWindow(sorted.length, request);
  return { items: sorted.slice(start, start + window.pageSize), ...window };
}
