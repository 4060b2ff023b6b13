import type { ConsultationState } from '@firstsync/consultation-lifecycle';

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });

/** Times are shown in UK time: operators compare them with what practices and pharmacies tell them. */
export function formatInstant(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : LONDON.format(ms);
}

export function formatClock(ms: number): string {
  return LONDON_TIME.format(ms);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

/** How the dashboard names each state. */
export const STATE_LABELS: Record<ConsultationState, string> = {
  received: 'Received',
  'not-shared': 'Not shared',
  mapped: 'Mapped',
  'mapping-failed': 'Mapping failed',
  parked: 'Parked',
  sent: 'Sent',
  'awaiting-ack': 'Awaiting ack',
  retrying: 'Retrying',
  'needs-fallback': 'Needs fallback',
  'fallback-sent': 'Fallback sent',
  delivered: 'Delivered',
  filed: 'Filed',
  'dead-lettered': 'Dead-lettered',
};

/** NHS.UK tag colour per state: red = needs an operator, orange/yellow = in trouble, green = done. */
export const STATE_TAG_COLOUR: Record<ConsultationState, string> = {
  received: 'grey',
  'not-shared': 'white',
  mapped: 'blue',
  'mapping-failed': 'red',
  parked: 'orange',
  sent: 'blue',
  'awaiting-ack': 'aqua-green',
  retrying: 'yellow',
  'needs-fallback': 'orange',
  'fallback-sent': 'purple',
  delivered: 'green',
  filed: 'green',
  'dead-lettered': 'red',
};
