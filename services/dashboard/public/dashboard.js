// Progressive enhancement for the dashboard pages: live updates over server-sent events and
// one-click resend without leaving the page. Every page works without this script; it only
// builds DOM nodes with textContent (or swaps in server-rendered, server-escaped fragments).
(function () {
  'use strict';

  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.getAttribute('content') : '';
  var livePage = document.body.getAttribute('data-live');
  var statusRegion = document.getElementById('live-status');
  var ATTENTION = ['dead-lettered', 'needs-fallback', 'mapping-failed', 'parked', 'retrying'];
  var RESENDABLE = ['dead-lettered', 'parked', 'needs-fallback', 'retrying'];
  var timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

  function announce(text, isError) {
    if (!statusRegion) return;
    statusRegion.textContent = text;
    statusRegion.className = 'app-live-status app-live-status--visible' + (isError ? ' app-live-status--error' : '');
  }

  function tag(colour, label, state) {
    var el = document.createElement('strong');
    el.className = 'nhsuk-tag nhsuk-tag--' + colour;
    if (state) el.setAttribute('data-state', state);
    el.textContent = label;
    return el;
  }

  function timeElement(iso) {
    var el = document.createElement('time');
    el.setAttribute('datetime', iso);
    el.textContent = timeFormat.format(new Date(iso));
    return el;
  }

  function byId(id) {
    return '[data-consultation-id="' + (window.CSS && CSS.escape ? CSS.escape(id) : id) + '"]';
  }

  // One-click resend: POST to the JSON API with the CSRF token in a header, stay on the page.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.getAttribute('data-enhance') !== 'resend') return;
    event.preventDefault();
    var id = form.getAttribute('data-consultation-id');
    var button = form.querySelector('button[type="submit"]');
    var reasonInput = form.querySelector('input[name="reason"]');
    if (button) button.disabled = true;
    fetch('/api/consultations/' + encodeURIComponent(id) + '/resend', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ reason: reasonInput ? reasonInput.value : '' }),
    })
      .then(function (response) {
        if (response.ok) {
          if (button) button.textContent = 'Resend requested';
          announce('Resend requested for ' + id.slice(0, 8) + '. This page updates when the delivery service acts on it.');
          return;
        }
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (button) button.disabled = false;
          announce((body && body.title) || 'The resend was not requested (' + response.status + ')', true);
        });
      })
      .catch(function () {
        if (button) button.disabled = false;
        announce('The resend was not requested: the dashboard could not be reached', true);
      });
  });

  if (!livePage || !window.EventSource) return;

  var indicator = document.createElement('p');
  indicator.className = 'app-live-indicator';
  indicator.setAttribute('data-testid', 'live-indicator');
  indicator.textContent = 'Connecting for live updates';
  var main = document.getElementById('maincontent');
  if (main) main.insertBefore(indicator, main.firstChild);

  var detailSummary = document.querySelector('[data-live-part="summary"]');
  var detailId = detailSummary ? detailSummary.getAttribute('data-consultation-id') : null;
  var detailRefreshing = false;
  var detailAgain = false;

  function currentDetailState() {
    var tagEl = document.querySelector('[data-live-part="summary"] [data-state]');
    return tagEl ? { state: tagEl.getAttribute('data-state'), label: tagEl.textContent } : null;
  }

  function refreshDetail() {
    if (detailRefreshing) {
      detailAgain = true;
      return;
    }
    detailRefreshing = true;
    fetch('/consultations/' + encodeURIComponent(detailId) + '/fragment', { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (markup) {
        if (markup === null) return;
        var before = currentDetailState();
        var doc = new DOMParser().parseFromString(markup, 'text/html');
        doc.querySelectorAll('[data-part]').forEach(function (part) {
          var target = document.querySelector('[data-live-part="' + part.getAttribute('data-part') + '"]');
          if (target) target.replaceChildren.apply(target, Array.prototype.slice.call(part.childNodes));
        });
        // Say what changed (the live region is polite), replacing e.g. a stale "Resend requested".
        var after = currentDetailState();
        if (after && before && after.state !== before.state) announce('This consultation is now ' + after.label + '.');
      })
      .finally(function () {
        detailRefreshing = false;
        if (detailAgain) {
          detailAgain = false;
          refreshDetail();
        }
      });
  }

  var chartTimer = null;
  function refreshChartSoon() {
    var region = document.querySelector('[data-chart-region]');
    if (!region || chartTimer) return;
    // The chart is per minute: redrawing it more often than every few seconds shows nothing new.
    chartTimer = setTimeout(function () {
      chartTimer = null;
      fetch('/fragments/chart', { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (markup) {
          if (markup === null) return;
          var doc = new DOMParser().parseFromString(markup, 'text/html');
          region.replaceChildren.apply(region, Array.prototype.slice.call(doc.body.childNodes));
        });
    }, 5000);
  }

  var practicesTimer = null;
  function refreshPracticesSoon() {
    var table = document.querySelector('[data-testid="practices"] tbody');
    if (!table || practicesTimer) return;
    practicesTimer = setTimeout(function () {
      practicesTimer = null;
      fetch('/practices', { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (markup) {
          if (markup === null) return;
          var fresh = new DOMParser().parseFromString(markup, 'text/html').querySelector('[data-testid="practices"] tbody');
          if (fresh) table.replaceChildren.apply(table, Array.prototype.slice.call(fresh.childNodes));
        });
    }, 1000);
  }

  function recentRow(change) {
    var row = document.createElement('tr');
    row.className = 'nhsuk-table__row app-row--fresh';
    row.setAttribute('data-consultation-id', change.consultationId);
    var idCell = document.createElement('td');
    idCell.className = 'nhsuk-table__cell';
    var link = document.createElement('a');
    link.className = 'app-mono';
    link.href = '/consultations/' + encodeURIComponent(change.consultationId);
    link.textContent = change.consultationId.slice(0, 8);
    idCell.appendChild(link);
    var stateCell = document.createElement('td');
    stateCell.className = 'nhsuk-table__cell';
    stateCell.setAttribute('data-cell', 'state');
    var practiceCell = document.createElement('td');
    practiceCell.className = 'nhsuk-table__cell';
    practiceCell.textContent = change.practiceOds || '';
    var lastCell = document.createElement('td');
    lastCell.className = 'nhsuk-table__cell';
    lastCell.setAttribute('data-cell', 'last');
    row.append(idCell, stateCell, practiceCell, lastCell);
    return row;
  }

  function applyUpdate(update) {
    Object.keys(update.counts).forEach(function (state) {
      document.querySelectorAll('[data-count="' + state + '"]').forEach(function (el) {
        el.textContent = String(update.counts[state]);
      });
    });
    var attention = ATTENTION.reduce(function (n, s) { return n + (update.counts[s] || 0); }, 0);
    document.querySelectorAll('[data-attention-total]').forEach(function (el) { el.textContent = String(attention); });

    var recentBody = document.querySelector('[data-recent-body]');
    update.changed.forEach(function (change) {
      if (recentBody) {
        var existing = recentBody.querySelector(byId(change.consultationId));
        var row = existing || recentRow(change);
        recentBody.insertBefore(row, recentBody.firstChild);
        while (recentBody.children.length > 10) recentBody.removeChild(recentBody.lastChild);
      }
      document.querySelectorAll('tr' + byId(change.consultationId)).forEach(function (row) {
        var stateCell = row.querySelector('[data-cell="state"]');
        if (stateCell) {
          stateCell.replaceChildren(tag(change.tagColour, change.stateLabel, change.state));
          if (change.resendRequested) stateCell.append(' ', tag('white', 'Resend requested'));
        }
        var lastCell = row.querySelector('[data-cell="last"]');
        if (lastCell) lastCell.replaceChildren(timeElement(change.lastEventAt));
        var actionCell = row.querySelector('[data-cell="action"]');
        if (actionCell && RESENDABLE.indexOf(change.state) === -1) actionCell.replaceChildren();
      });
      if (detailId && change.consultationId === detailId) refreshDetail();
    });
    if (livePage === 'overview' && update.changed.length > 0) refreshChartSoon();
    if (livePage === 'practices' && update.practicesChanged) refreshPracticesSoon();
  }

  var source = new EventSource('/events');
  source.addEventListener('open', function () {
    indicator.textContent = 'Live: updates appear as they happen';
    indicator.className = 'app-live-indicator app-live-indicator--on';
  });
  source.addEventListener('error', function () {
    indicator.textContent = 'Live updates paused: reconnecting';
    indicator.className = 'app-live-indicator app-live-indicator--off';
  });
  source.addEventListener('update', function (event) {
    try {
      applyUpdate(JSON.parse(event.data));
    } catch (err) {
      // A malformed message must not stop later ones from being applied.
    }
  });
})();
