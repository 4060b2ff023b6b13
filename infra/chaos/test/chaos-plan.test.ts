import { describe, expect, it } from 'vitest';
import { chaosPlan } from '../src/chaos-plan';

const practices = ['A81001', 'A81002', 'A81003', 'Y02345'];

describe('chaos plan', () => {
  it('kills every named service the asked number of times, inside the run, in order of time', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const plan = chaosPlan({ kill: ['ingest', 'delivery'], killsPerService: 2, restartBroker: true, practices, random });
    const kills = plan.filter((step) => step.kind === 'kill');
    expect(kills.map((k) => (k.kind === 'kill' ? k.service : '')).sort()).toEqual(['delivery', 'delivery', 'ingest', 'ingest']);
    for (const step of plan) {
      expect(step.at).toBeGreaterThanOrEqual(0);
      expect(step.at).toBeLessThanOrEqual(0.9);
    }
    expect(plan.filter((s) => s.kind === 'restart-broker')).toHaveLength(1);
    expect(plan.map((s) => s.at)).toEqual([...plan.map((s) => s.at)].sort((a, b) => a - b));
  });

  it('never faults the first practice, so part of the traffic always flows', () => {
    const plan = chaosPlan({ kill: [], killsPerService: 0, restartBroker: false, practices, random: Math.random });
    const faulted = plan.flatMap((s) => (s.kind === 'fault' ? [s.practice] : []));
    expect(faulted.sort()).toEqual(['A81002', 'A81003', 'Y02345']);
  });
});
