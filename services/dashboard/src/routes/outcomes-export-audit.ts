import { randomUUID } from 'node:crypto';
import type { PipelineEvent } from '@firstsync/contracts';
import type { Period, Scope } from '@firstsync/outcomes-store';
import type { SessionUser } from '../auth/users';
import type { DashboardContext } from '../http/context';
import { areaLabel } from '../outcomes/labels';

/**
 * Records an export of outcome figures on pipeline.events.v1 (the audit trail) before anything is
 * sent: who, their role, which area, which period and which format. No consultation, nothing
 * about a patient: the figures themselves are not in it. An export that cannot be recorded does
 * not happen (false: the caller answers 503).
 */
export async function recordExport(ctx: DashboardContext, user: SessionUser, scope: Scope, period: Period, format: 'csv' | 'json'): Promise<boolean> {
  const area = scope.level === 'national' ? '' : scope.code;
  const event: PipelineEvent = {
    eventId: randomUUID(),
    type: 'exported',
    at: ctx.clock.now().toISOString(),
    source: 'dashboard',
    actor: user.username,
    code: format,
    message: `${areaLabel({ level: scope.level, code: scope.level === 'national' ? null : area, name: null })}, ${period.granularity}s from ${period.from} to ${period.to} (exclusive), as ${format.toUpperCase()}`,
    details: { role: user.role, level: scope.level, area, granularity: period.granularity, from: period.from, to: period.to, format },
  };
  try {
    await ctx.publisher.publishEvent(event);
    return true;
  } catch (err) {
    ctx.logger.error({ err, actor: user.username, level: scope.level }, 'could not record an outcomes export; nothing exported');
    return false;
  }
}
