/** HTML-escapes text for the simulator's pages (element content and quoted attributes). */
export const escapeHtml = (value: string | number | null | undefined): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// NHS.UK colours and type, inline: the simulator serves no assets (its pages' CSP allows inline style only).
const STYLE = `
  body { margin: 0; font-family: Frutiger, Arial, sans-serif; color: #212b32; background: #f0f4f5; }
  header { background: #005eb8; color: #fff; padding: 16px 32px; }
  header h1 { margin: 0; font-size: 1.5rem; }
  header p { margin: 4px 0 0; }
  main { padding: 24px 32px; }
  h2 { margin: 24px 0 8px; }
  table { width: 100%; border-collapse: collapse; background: #fff; }
  th, td { text-align: left; padding: 12px; border-bottom: 1px solid #d8dde0; vertical-align: top; }
  th { background: #e8edee; }
  .tag { display: inline-block; padding: 2px 8px; font-weight: 600; font-size: 0.875rem; }
  .tag-waiting { background: #fff9c4; color: #594d00; }
  .tag-filed { background: #cce8d8; color: #00401e; }
  .tag-bad { background: #f6d7d2; color: #6b140e; }
  .counts { background: #fff; padding: 12px; margin: 0 0 8px; }
  button { background: #007f3b; color: #fff; border: 0; border-bottom: 2px solid #00401e; padding: 8px 16px; font-size: 1rem; font-weight: 600; cursor: pointer; }
  button:hover { background: #00662f; }
  .empty { background: #fff; padding: 24px; }
  a { color: #005eb8; }
`;

/** A whole page: blue header with heading and subtitle, then `content` (already-escaped HTML). */
export function simplePage(title: string, heading: string, subtitle: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(subtitle)}</p></header><main>${content}</main></body>
</html>`;
}
