import { html, type SafeHtml } from '../http/html';
import type { PracticeHealth } from '../read-model/practice-health';
import { csrfField, time } from './components';

function circuitTag(p: PracticeHealth): SafeHtml {
  if (!p.circuit) return html`<span class="app-muted">Not reported</span>`;
  const colour = p.circuit === 'open' ? 'red' : p.circuit === 'half-open' ? 'yellow' : 'green';
  return html`<strong class="nhsuk-tag nhsuk-tag--${colour}">${p.circuit}</strong>`;
}

const ROUTE_LABELS: Readonly<Record<string, { label: string; colour: string; why: string }>> = {
  'switched-off': { label: 'NHSmail', colour: 'purple', why: 'answered 20010: Update Record switched off' },
  probe: { label: 'MESH', colour: 'blue', why: 'probed again after the NHSmail period' },
  'no-mailbox': { label: 'NHSmail', colour: 'orange', why: 'MESH endpoint lookup: no mailbox for Update Record' },
  'multiple-mailboxes': { label: 'NHSmail', colour: 'orange', why: 'MESH endpoint lookup: several mailboxes for Update Record' },
  'lookup-failed': { label: 'MESH', colour: 'yellow', why: 'MESH endpoint lookup failed; sent by MESH anyway' },
};

/** Delivery's last routing decision for the practice, with its reason (issue #15). */
function routeCell(p: PracticeHealth): SafeHtml {
  if (!p.route) return html`<span class="app-muted">As configured</span>`;
  const known = ROUTE_LABELS[p.route.code];
  const until = p.route.nhsmailUntil && p.route.code === 'switched-off' ? html` until ${time(p.route.nhsmailUntil)}` : '';
  return html`<span data-route="${p.route.code}" title="${p.route.message ?? ''}"><strong class="nhsuk-tag nhsuk-tag--${known?.colour ?? 'grey'}">${known?.label ?? p.route.code}</strong>${until}<br><span class="nhsuk-body-s">${known?.why ?? p.route.message ?? ''} (${time(p.route.at)})</span></span>`;
}

function holdForm(p: PracticeHealth, csrfToken: string): SafeHtml {
  const action = p.held ? 'release' : 'hold';
  return html`<form method="post" action="/practices/${p.practiceOds}/${action}" class="app-practice-action">
    ${csrfField(csrfToken)}
    <label class="nhsuk-label nhsuk-u-visually-hidden" for="reason-${p.practiceOds}">Reason to ${action} ${p.practiceOds}</label>
    <input class="nhsuk-input app-input--small" id="reason-${p.practiceOds}" name="reason" type="text" maxlength="1000" placeholder="Reason (optional)" autocomplete="off">
    <button class="nhsuk-button ${p.held ? 'nhsuk-button--secondary' : 'nhsuk-button--warning'} app-button--small nhsuk-u-margin-bottom-0" type="submit" data-testid="${action}-${p.practiceOds}">${p.held ? 'Release' : 'Hold'}</button>
  </form>`;
}

export function practicesPage(practices: readonly PracticeHealth[], canOperate: boolean, csrfToken: string): SafeHtml {
  return html`
  <h1 class="nhsuk-heading-l">Practice health</h1>
  <p class="nhsuk-body">Holding a practice stops delivery to it: its messages are parked until it is released. The circuit state is as last reported by the delivery service; the route is delivery's last routing decision for the practice, with its reason.</p>
  <table class="nhsuk-table app-table--compact" data-testid="practices">
    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Practices</caption>
    <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
      <th class="nhsuk-table__header" scope="col">Practice</th>
      <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Consultations</th>
      <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Delivered</th>
      <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Failing</th>
      <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Dead-lettered</th>
      <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Parked</th>
      <th class="nhsuk-table__header" scope="col">Circuit</th>
      <th class="nhsuk-table__header" scope="col">Route</th>
      <th class="nhsuk-table__header" scope="col">Hold</th>
      <th class="nhsuk-table__header" scope="col">Last delivered</th>
      ${canOperate ? html`<th class="nhsuk-table__header" scope="col">Action</th>` : ''}
    </tr></thead>
    <tbody class="nhsuk-table__body">
      ${practices.length === 0 ? html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="11">No practices seen yet.</td></tr>` : ''}
      ${practices.map(
        (p) => html`<tr class="nhsuk-table__row" data-practice="${p.practiceOds}">
          <td class="nhsuk-table__cell"><a href="/consultations?practiceOds=${p.practiceOds}">${p.practiceOds}</a></td>
          <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${p.total}</td>
          <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${p.delivered}</td>
          <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${p.failures}</td>
          <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${p.deadLettered}</td>
          <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${p.parked}</td>
          <td class="nhsuk-table__cell">${circuitTag(p)}</td>
          <td class="nhsuk-table__cell">${routeCell(p)}</td>
          <td class="nhsuk-table__cell">${p.held ? html`<strong class="nhsuk-tag nhsuk-tag--orange">Held</strong><br><span class="nhsuk-body-s">${p.heldBy ?? ''}${p.heldReason ? html`: ${p.heldReason}` : ''}</span>` : html`<span class="app-muted">Not held</span>`}</td>
          <td class="nhsuk-table__cell">${time(p.lastDeliveredAt)}</td>
          ${canOperate ? html`<td class="nhsuk-table__cell">${holdForm(p, csrfToken)}</td>` : ''}
        </tr>`,
      )}
    </tbody>
  </table>
  ${
    canOperate
      ? html`<h2 class="nhsuk-heading-m">Hold a practice not listed</h2>
      <form method="post" action="/practices/hold" class="app-practice-hold-new">
        ${csrfField(csrfToken)}
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="practiceOds">Practice ODS code</label>
          <input class="nhsuk-input nhsuk-input--width-10" id="practiceOds" name="practiceOds" type="text" pattern="[A-Z][0-9]{5}" autocomplete="off" spellcheck="false">
        </div>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="hold-reason">Reason</label>
          <input class="nhsuk-input" id="hold-reason" name="reason" type="text" maxlength="1000" autocomplete="off">
        </div>
        <button class="nhsuk-button nhsuk-button--warning" type="submit">Hold practice</button>
      </form>`
      : ''
  }`;
}
