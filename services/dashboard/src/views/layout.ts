import type { SessionUser } from '../auth/session-store';
import { html, type SafeHtml } from '../http/html';

export type NavSection = 'overview' | 'consultations' | 'practices' | 'webhooks' | 'audit' | 'worklist' | 'outcomes' | 'none';

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  user?: SessionUser;
  csrfToken?: string;
  active?: NavSection;
  flash?: string;
  /** Pages that take server-sent updates say so; the script connects only there. */
  live?: 'overview' | 'list' | 'detail' | 'practices';
}

const OPS_NAV: readonly [NavSection, string, string][] = [
  ['overview', 'Overview', '/'],
  ['consultations', 'Consultations', '/consultations'],
  ['practices', 'Practices', '/practices'],
  ['webhooks', 'Webhooks', '/webhooks'],
  ['audit', 'Audit log', '/audit'],
  ['outcomes', 'Outcomes', '/outcomes'],
];
// A pharmacy user has one page: links to the others would only lead to 403s.
const PHARMACY_NAV: readonly [NavSection, string, string][] = [['worklist', 'Follow-up worklist', '/worklist']];

/** Where the header's logo and a signed-in user's home are: an outcomes user's is their own area. */
export function homeOf(user: SessionUser | undefined): string {
  switch (user?.role) {
    case 'pharmacy':
      return '/worklist';
    case 'commissioner':
      return `/outcomes/icb/${user.icbCode}`;
    case 'pcn-lead':
      return `/outcomes/pcn/${user.pcnCode}`;
    case 'pharmacy-manager':
      return `/outcomes/pharmacy/${user.pharmacyOds}`;
    default:
      return '/';
  }
}

function navOf(user: SessionUser): readonly [NavSection, string, string][] {
  if (user.role === 'pharmacy') return PHARMACY_NAV;
  if (user.role === 'viewer' || user.role === 'operator') return OPS_NAV;
  // Outcomes users have their area's pages only.
  return [['outcomes', 'Outcomes', homeOf(user)]];
}

/** The role as the header shows it, with the pharmacy or area it is bound to. */
function roleLabel(user: SessionUser): string {
  switch (user.role) {
    case 'pharmacy':
      return `pharmacy ${user.pharmacyOds}`;
    case 'commissioner':
      return `commissioner, ICB ${user.icbCode}`;
    case 'pcn-lead':
      return `PCN lead, ${user.pcnCode}`;
    case 'pharmacy-manager':
      return `pharmacy manager, ${user.pharmacyOds}`;
    default:
      return user.role;
  }
}

// nhsuk-frontend 10's header logo (its header template's SVG), coloured by the header's text colour.
const NHS_LOGO = html`<svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS"><title>NHS</title><path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"/></svg>`;

export const SERVICE_NAME = 'firstsync delivery operations';

export function layout(options: LayoutOptions): string {
  const { user, csrfToken } = options;
  return `<!DOCTYPE html>${
    html`<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${options.title} - ${SERVICE_NAME}</title>
  <meta name="robots" content="noindex, nofollow">
  ${csrfToken ? html`<meta name="csrf-token" content="${csrfToken}">` : ''}
  <link rel="icon" href="/assets/nhsuk/assets/images/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/nhsuk/nhsuk-frontend.min.css">
  <link rel="stylesheet" href="/assets/app/dashboard.css">
  <script src="/assets/app/dashboard.js" defer></script>
</head>
<body${options.live ? html` data-live="${options.live}"` : ''}>
  <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
  <header class="nhsuk-header" role="banner">
    <div class="nhsuk-header__container nhsuk-width-container app-width-container">
      <div class="nhsuk-header__service">
        <a class="nhsuk-header__service-logo" href="${homeOf(user)}" aria-label="NHS ${SERVICE_NAME} homepage">
          ${NHS_LOGO}
          <span class="nhsuk-header__service-name">${SERVICE_NAME}</span>
        </a>
      </div>
      ${
        user && csrfToken
          ? html`<nav class="nhsuk-header__account" aria-label="Account">
            <ul class="nhsuk-header__account-list">
              <li class="nhsuk-header__account-item"><span>Signed in as <strong data-testid="current-user">${user.username}</strong> (${roleLabel(user)})</span></li>
              <li class="nhsuk-header__account-item">
                <form method="post" action="/logout" class="nhsuk-header__account-form">
                  <input type="hidden" name="_csrf" value="${csrfToken}">
                  <button type="submit" class="nhsuk-header__account-button">Sign out</button>
                </form>
              </li>
            </ul>
          </nav>`
          : ''
      }
    </div>
    ${
      user
        ? html`<nav class="nhsuk-header__navigation" id="header-navigation" aria-label="Primary navigation">
          <div class="nhsuk-header__navigation-container nhsuk-width-container app-width-container">
            <ul class="nhsuk-header__navigation-list">
              ${navOf(user).map(
                ([
                  section,
                  label,
                  href,
                ]) => html`<li class="nhsuk-header__navigation-item${section === options.active ? ' nhsuk-header__navigation-item--current' : ''}">
                  ${
                    section === options.active
                      ? html`<a class="nhsuk-header__navigation-link" href="${href}" aria-current="page"><strong class="nhsuk-header__navigation-item-current-fallback">${label}</strong></a>`
                      : html`<a class="nhsuk-header__navigation-link" href="${href}">${label}</a>`
                  }
                </li>`,
              )}
            </ul>
          </div>
        </nav>`
        : ''
    }
  </header>
  <div class="nhsuk-width-container app-width-container">
    <main class="nhsuk-main-wrapper" id="maincontent" role="main">
      <div class="app-live-status" role="status" aria-live="polite" id="live-status"></div>
      ${options.flash ? html`<div class="nhsuk-inset-text app-flash" data-testid="flash"><span class="nhsuk-u-visually-hidden">Information: </span><p>${options.flash}</p></div>` : ''}
      ${options.body}
    </main>
  </div>
  <footer class="nhsuk-footer" role="contentinfo">
    <div class="nhsuk-width-container app-width-container">
      <div class="nhsuk-footer__meta">
        <p class="nhsuk-body-s app-footer-text">${SERVICE_NAME}: Pharmacy First consultations to GP records. Operator actions are recorded in the audit log.</p>
      </div>
    </div>
  </footer>
</body>
</html>`.value
  }`;
}
