import { describe, expect, it } from 'vitest';
import { chaosPlan, RECEIVER_HANG_MS } from '../src/chaos-plan';

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

  it("makes one pharmacy's webhook receiver flaky from the start and another hang for a while mid-run", () => {
    const plan = chaosPlan({
      kill: ['pharmacy-notify'],
      killsPerService: 1,
      restartBroker: false,
      practices,
      receivers: { flaky: 'FCA01', hang: 'FCB02' },
      random: () => 0.5,
    });
    const receivers = plan.filter((s) => s.kind === 'receiver');
    expect(receivers).toEqual([
      { at: 0, kind: 'receiver', pharmacy: 'FCA01', mode: 'flaky', forMs: 0 },
      { at: 0.3, kind: 'receiver', pharmacy: 'FCB02', mode: 'hang', forMs: RECEIVER_HANG_MS },
    ]);
    // The hang ends while the run goes on, so its receiver's events must still all arrive.
    expect(RECEIVER_HANG_MS).toBeGreaterThan(0);
    expect(plan.filter((s) => s.kind === 'kill').map((s) => (s.kind === 'kill' ? s.service : ''))).toEqual(['pharmacy-notify']);
  });

  it('leaves the receivers alone when none are named', () => {
    const plan = chaosPlan({ kill: [], killsPerService: 0, restartBroker: false, practices, random: Math.random });
    expect(plan.filter((s) => s.kind === 'receiver')).toEqual([]);
  });

  it('with replicas and a cluster: kills single instances, rolls every service, downs one node, rebalances delivery', () => {
    const services = ['ingest', 'fhir-mapper', 'delivery'] as const;
    const plan = chaosPlan({
      kill: services,
      killsPerService: 3,
      restartBroker: true,
      instances: 2,
      brokerNodes: 3,
      brokerDownMs: 30_000,
      rollingRestart: true,
      rebalance: true,
      practices,
      random: Math.random,
    });
    const kills = plan.flatMap((s) => (s.kind === 'kill' ? [s.instance] : []));
    expect(kills).toHaveLength(9);
    for (const instance of kills) expect([0, 1]).toContain(instance);
    expect(plan.flatMap((s) => (s.kind === 'rolling-restart' ? [s.service] : []))).toEqual([...services]);
    const down = plan.filter((s) => s.kind === 'broker-node-down');
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({ forMs: 30_000 });
    expect([1, 2, 3]).toContain(down[0]?.kind === 'broker-node-down' ? down[0].node : 0);
    // A node down replaces the whole-broker restart: the cluster must keep serving.
    expect(plan.filter((s) => s.kind === 'restart-broker')).toEqual([]);
    expect(plan.filter((s) => s.kind === 'rebalance')).toMatchObject([{ service: 'delivery' }]);
  });

  it('with one instance per service keeps the plan as it was: instance 0 only, no rolls, no rebalance', () => {
    const plan = chaosPlan({
      kill: ['ingest', 'delivery'],
      killsPerService: 2,
      restartBroker: true,
      rollingRestart: true,
      rebalance: true,
      practices,
      random: Math.random,
    });
    expect(plan.flatMap((s) => (s.kind === 'kill' ? [s.instance] : []))).toEqual([0, 0, 0, 0]);
    expect(plan.filter((s) => s.kind === 'rolling-restart' || s.kind === 'rebalance' || s.kind === 'broker-node-down')).toEqual([]);
    expect(plan.filter((s) => s.kind === 'restart-broker')).toHaveLength(1);
  });
});
