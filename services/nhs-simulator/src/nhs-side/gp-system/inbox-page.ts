import { escapeHtml, simplePage as page } from '../../html/simple-page';
import type { Practice } from './practice';

/**
 * The practice's GP workflow inbox: one row per received consultation, newest first, with the
 * one-click "File to record" (a POST form, so it works without JavaScript). Shows the patient as a
 * GP system would; the data is synthetic test data and the page never goes to a log.
 */
export function renderInboxPage(practice: Practice): string {
  const tasks = [...practice.tasks.values()].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
  const rows = tasks
    .map((task) => {
      const d = task.summary.display;
      const action =
        task.status === 'filed'
          ? `<span class="tag tag-filed">Filed ${escapeHtml(task.filedAt?.slice(0, 16).replace('T', ' '))}</span>`
          : `<form method="post" action="/gp/${encodeURIComponent(practice.ods)}/tasks/${encodeURIComponent(task.taskId)}/file"><button type="submit" data-task-id="${escapeHtml(task.taskId)}">File to record</button></form>`;
      return `<tr data-task-id="${escapeHtml(task.taskId)}" data-status="${task.status}">
  <td>${escapeHtml(task.receivedAt.slice(0, 16).replace('T', ' '))}</td>
  <td><strong>${escapeHtml(d.patientName ?? 'Unknown patient')}</strong><br>NHS number ${escapeHtml(d.nhsNumber ?? '-')}<br>Born ${escapeHtml(d.birthDate ?? '-')}</td>
  <td>${escapeHtml(d.title ?? 'Consultation summary')}${d.replaces ? '<br><em>Replaces an earlier summary</em>' : ''}<br>From pharmacy ${escapeHtml(d.pharmacyOds ?? '-')}</td>
  <td>${task.status === 'filed' ? '' : '<span class="tag tag-waiting">Awaiting filing</span>'}</td>
  <td>${action}</td>
</tr>`;
    })
    .join('\n');
  const content =
    tasks.length === 0
      ? '<p class="empty">No consultations waiting.</p>'
      : `<table><thead><tr><th>Received</th><th>Patient</th><th>Consultation</th><th>Status</th><th>Action</th></tr></thead><tbody>${rows}</tbody></table>`;
  const waiting = tasks.filter((t) => t.status !== 'filed').length;
  return page(
    `GP workflow inbox ${practice.ods}`,
    `GP workflow inbox: practice ${practice.ods}`,
    `${waiting} consultation(s) awaiting filing (simulated GP system)`,
    content,
  );
}

export function renderPracticeList(practices: readonly Practice[]): string {
  const items = practices
    .map((p) => {
      const waiting = [...p.tasks.values()].filter((t) => t.status !== 'filed').length;
      return `<li><a href="/gp/${encodeURIComponent(p.ods)}/inbox">Practice ${escapeHtml(p.ods)}</a> (${waiting} awaiting filing)</li>`;
    })
    .join('');
  return page(
    'Simulated GP practices',
    'Simulated GP practices',
    'GP Connect Update Record over MESH',
    items ? `<ul>${items}</ul>` : '<p class="empty">No practices yet.</p>',
  );
}

export function renderNotFound(what: string): string {
  return page('Not found', 'Not found', what, '<p><a href="/gp">All practices</a></p>');
}
