import { atMost, type Metric, type ScenarioResult } from '../report/result';
import type { BenchContext } from './context';

/** Peak RSS (VmHWM) each service process reached in the scenarios before it, under their load. */
export function memoryScenario(peakRss: BenchContext['peakRss']): ScenarioResult {
  const metrics: Metric[] = [...peakRss.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, mb]) => ({ name: `${service} peak RSS`, value: mb, unit: 'MB', target: '<= 150 MB', met: atMost(mb, 150) }));
  if (metrics.length === 0)
    return { scenario: 'memory', status: 'skipped', seconds: 0, reason: 'no service process ran (see the scenarios above)', metrics: [] };
  return {
    scenario: 'memory',
    status: 'ok',
    seconds: 0,
    metrics,
    notes: ['VmHWM from /proc/<pid>/status of each service process, read just before it stopped'],
  };
}
