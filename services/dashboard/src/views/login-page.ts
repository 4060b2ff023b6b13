import { html, type SafeHtml } from '../http/html';
import { csrfField, errorSummary } from './components';

export function loginPage(csrfToken: string, options: { error?: string; username?: string; next?: string } = {}): SafeHtml {
  return html`<div class="nhsuk-grid-row">
    <div class="nhsuk-grid-column-one-half">
      ${options.error ? errorSummary({ username: options.error }) : ''}
      <h1 class="nhsuk-heading-l">Sign in</h1>
      <p class="nhsuk-body">Sign in with your operations account.</p>
      <form method="post" action="/login" novalidate>
        ${csrfField(csrfToken)}
        ${options.next ? html`<input type="hidden" name="next" value="${options.next}">` : ''}
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="username">Username</label>
          <input class="nhsuk-input" id="username" name="username" type="text" autocomplete="username" spellcheck="false" value="${options.username ?? ''}" required>
        </div>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="password">Password</label>
          <input class="nhsuk-input" id="password" name="password" type="password" autocomplete="current-password" required>
        </div>
        <button class="nhsuk-button" type="submit" data-testid="sign-in">Sign in</button>
      </form>
    </div>
  </div>`;
}

export function errorPage(title: string, message: string, link: { href: string; text: string } = { href: '/', text: 'Go to the overview' }): SafeHtml {
  return html`<h1 class="nhsuk-heading-l">${title}</h1>
    <p class="nhsuk-body">${message}</p>
    <p class="nhsuk-body"><a class="nhsuk-link" href="${link.href}">${link.text}</a></p>`;
}
