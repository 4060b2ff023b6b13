import { html, type SafeHtml } from '../http/html';
import type { SessionUser } from '../auth/session-store';

export type NavSection = 'overview' | 'consultations' | 'practices' | 'audit' | 'none';

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

const NAV: readonly [NavSection, string, string][] = [
  ['overview', 'Overview', '/'],
  ['consultations', 'Consultations', '/consultations'],
  ['practices', 'Practices', '/practices'],
  ['audit', 'Audit log', '/audit'],
];

const NHS_LOGO = html`<svg class="nhsuk-logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 16" height="40" width="100" aria-hidden="true" focusable="false"><path class="nhsuk-logo__background" fill="#005eb8" d="M0 0h40v16H0z"></path><path class="nhsuk-logo__text" fill="#fff" d="M3.9 1.5h4.4l2.6 9h.1l1.8-9h3.3l-2.8 13H9l-2.7-9h-.1l-1.8 9H1.1M17.3 1.5h3.6l-1 4.9h4L25 1.5h3.5l-2.7 13h-3.5l1.1-5.6h-4.1l-1.2 5.6h-3.4M37.7 4.4c-.7-.3-1.6-.6-2.9-.6-1.4 0-2.5.2-2.5 1.3 0 1.8 5.1 1.2 5.1 5.1 0 3.6-3.3 4.5-6.4 4.5-1.3 0-2.9-.3-4-.7l.8-2.7c.7.4 2.1.7 3.2.7s2.8-.2 2.8-1.5c0-2.1-5.1-1.3-5.1-5 0-3.4 2.9-4.4 5.8-4.4 1.6 0 3.1.2 4 .6"></path></svg>`;

export const SERVICE_NAME = 'firstsync delivery operations';

export function layout(options: LayoutOptions): string {
  const { user, csrfToken } = options;
  return `<!DOCTYPE html>${html`<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${options.title} - ${SERVICE_NAME}</title>
  <meta name="robots" content="noindex, nofollow">
  ${csrfToken ? html`<meta name="csrf-token" content="${csrfToken}">` : ''}
  <link rel="icon" href="/assets/nhsuk/assets/favicons/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/nhsuk/nhsuk.min.css">
  <link rel="stylesheet" href="/assets/app/dashboard.css">
  <script src="/assets/app/dashboard.js" defer></script>
</head>
<body${options.live ? html` data-live="${options.live}"` : ''}>
  <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
  <header class="nhsuk-header" role="banner">
    <div class="nhsuk-header__container app-header__container">
      <div class="nhsuk-header__logo">
        <a class="nhsuk-header__link nhsuk-header__link--service" href="/" aria-label="${SERVICE_NAME} home">
          ${NHS_LOGO}
          <span class="nhsuk-header__service-name">${SERVICE_NAME}</span>
        </a>
      </div>
      ${user && csrfToken
        ? html`<div class="app-header__account">
            <span class="app-header__user">Signed in as <strong data-testid="current-user">${user.username}</strong> (${user.role})</span>
            <form method="post" action="/logout" class="app-inline-form">
              <input type="hidden" name="_csrf" value="${csrfToken}">
              <button type="submit" class="app-link-button">Sign out</button>
            </form>
          </div>`
        : ''}
    </div>
    ${user
      ? html`<div class="nhsuk-navigation-container">
          <nav class="nhsuk-navigation" id="header-navigation" role="navigation" aria-label="Primary navigation">
            <ul class="nhsuk-header__navigation-list nhsuk-header__navigation-list--left-aligned">
              ${NAV.map(
                ([section, label, href]) => html`<li class="nhsuk-header__navigation-item${section === options.active ? ' app-navigation-item--active' : ''}">
                  <a class="nhsuk-header__navigation-link" href="${href}"${section === options.active ? html` aria-current="page"` : ''}>${label}</a>
                </li>`,
              )}
            </ul>
          </nav>
        </div>`
      : ''}
  </header>
  <div class="nhsuk-width-container app-width-container">
    <main class="nhsuk-main-wrapper" id="maincontent" role="main">
      <div class="app-live-status" role="status" aria-live="polite" id="live-status"></div>
      ${options.flash ? html`<div class="nhsuk-inset-text app-flash" data-testid="flash"><span class="nhsuk-u-visually-hidden">Information: </span><p>${options.flash}</p></div>` : ''}
      ${options.body}
    </main>
  </div>
  <footer role="contentinfo">
    <div class="nhsuk-footer-container">
      <div class="nhsuk-width-container app-width-container">
        <p class="nhsuk-body-s app-footer-text">${SERVICE_NAME}: Pharmacy First consultations to GP records. Operator actions are recorded in the audit log.</p>
      </div>
    </div>
  </footer>
</body>
</html>`.value}`;
}
