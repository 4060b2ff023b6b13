import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type BreakerStatus = 'closed' | 'open' | 'half-open';
const BREAKER_STATUSES: readonly BreakerStatus[] = ['closed', 'open', 'half-open'];

/**
 * `firstsync_breaker_practices{state}`: how many practices' breakers are in each state, read at
 * scrape time. Counts per state, never a series per practice: practices number in thousands.
 */
export function breakerMetrics(registry: Registry, countByStatus: () => Readonly<Record<BreakerStatus, number>>): void {
  const gauge = new Gauge({
    name: 'firstsync_breaker_practices',
    help: 'Practices whose circuit breaker is in each state (this instance)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect: () => {
      const counts = countByStatus();
      for (const state of BREAKER_STATUSES) gauge.set({ state }, counts[state]);
    },
  });
}

export type AckLevel = 'inf' | 'bus';
export type AckTimeoutCode = 'inf-ack-timeout' | 'bus-ack-timeout';

/** What the MESH inbox poller reports; the delivery service's mesh ack source calls it. */
export interface MeshAckObserver {
  pollSucceeded(at: Date): void;
  pollFailed(): void;
  /** An ITK3 acknowledgement matched to a sent message, `seconds` after it was sent. */
  acknowledged(level: AckLevel, seconds: number): void;
  timedOut(code: AckTimeoutCode): void;
}

export interface AwaitingAcks {
  readonly awaiting: number;
  /** Age of the oldest message still awaiting an acknowledgement; 0 when none. */
  readonly oldestSeconds: number;
}

/**
 * MESH poll health and acknowledgement timings:
 * - `firstsync_mesh_poll_last_success_timestamp_seconds`, `firstsync_mesh_poll_failures_total`
 * - `firstsync_ack_duration_seconds{level}` (sent -> ITK3 infrastructure / business ack)
 * - `firstsync_ack_timeouts_total{code}` (acks overdue: the timeout sweep resent or fell back)
 * - `firstsync_acks_awaiting`, `firstsync_ack_oldest_awaiting_seconds` (read at scrape time)
 */
export function meshAckMetrics(registry: Registry, awaiting: () => AwaitingAcks): MeshAckObserver {
  const lastSuccess = new Gauge({
    name: 'firstsync_mesh_poll_last_success_timestamp_seconds',
    help: 'When the MESH inbox was last polled successfully (unix seconds)',
    registers: [registry],
  });
  const failures = new Counter({ name: 'firstsync_mesh_poll_failures_total', help: 'MESH inbox polls that failed', registers: [registry] });
  const ackDuration = new Histogram({
    name: 'firstsync_ack_duration_seconds',
    help: 'Time from sending a message over MESH to its ITK3 acknowledgement',
    labelNames: ['level'] as const,
    buckets: [1, 5, 15, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600, 48 * 3600],
    registers: [registry],
  });
  const timeouts = new Counter({
    name: 'firstsync_ack_timeouts_total',
    help: 'Acknowledgements that did not come in time (the message was resent or fell back)',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'firstsync_acks_awaiting',
    help: 'Messages sent over MESH still awaiting an acknowledgement',
    registers: [registry],
    collect() {
      this.set(awaiting().awaiting);
    },
  });
  new Gauge({
    name: 'firstsync_ack_oldest_awaiting_seconds',
    help: 'Age of the oldest message still awaiting an acknowledgement',
    registers: [registry],
    collect() {
      this.set(awaiting().oldestSeconds);
    },
  });
  return {
    pollSucceeded: (at) => lastSuccess.set(at.getTime() / 1000),
    pollFailed: () => failures.inc(),
    acknowledged: (level, seconds) => ackDuration.observe({ level }, seconds),
    timedOut: (code) => timeouts.inc({ code }),
  };
}

/** `firstsync_fallback_mail_failures_total`: NHSmail fallback sends that failed (retried). Successes are `firstsync_pipeline_events_total{type="fallback-sent"}`. */
export function fallbackMailMetrics(registry: Registry): () => void {
  const failures = new Counter({
    name: 'firstsync_fallback_mail_failures_total',
    help: 'NHSmail fallback sends that failed and will be retried',
    registers: [registry],
  });
  return () => failures.inc();
}
