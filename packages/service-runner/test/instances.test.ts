import { describe, expect, it } from 'vitest';
import { parseInstances, serviceTable } from '../src/service-table';

describe('instances per service (FIRSTSYNC_INSTANCES)', () => {
  it('parses a count for every service, per-service counts, or both; the NHS simulator always runs once', () => {
    expect(parseInstances(undefined)).toEqual({});
    expect(parseInstances('')).toEqual({});
    expect(parseInstances('2')).toEqual({ ingest: 2, 'fhir-mapper': 2, delivery: 2, dashboard: 2, 'pharmacy-notify': 2, outcomes: 2 });
    expect(parseInstances('ingest=2, delivery=3')).toEqual({ ingest: 2, delivery: 3 });
    expect(parseInstances('2,dashboard=1')).toMatchObject({ ingest: 2, dashboard: 1 });
    expect(() => parseInstances('nhs-simulator=2')).toThrow('always runs once');
    expect(() => parseInstances('ingest=0')).toThrow('count from 1 to 9');
    expect(() => parseInstances('gateway=2')).toThrow('unknown service');
  });

  it('one of each by default: the table is as it always was', () => {
    const table = serviceTable({ brokers: 'b:9092', instances: {} });
    expect(table.services.map((s) => s.label)).toEqual(['nhs-simulator', 'ingest', 'fhir-mapper', 'delivery', 'dashboard', 'pharmacy-notify', 'outcomes']);
    for (const spec of table.services) {
      expect(spec.instancePort).toBe(spec.port);
      expect(spec.env.REUSE_PORT).toBeUndefined();
      expect(spec.env.INSTANCE_PORT).toBeUndefined();
      expect(spec.env.INGEST_INSTANCES).toBeUndefined(); // ingest's default: one instance
    }
  });

  it('ingest and dashboard instances share their public port, each with a health port of its own; the others get ports of their own', () => {
    const table = serviceTable({ brokers: 'b:9092', instances: { ingest: 2, dashboard: 2, delivery: 2 } });
    const specs = (name: string) => table.services.filter((s) => s.name === name);
    const [ingest1, ingest2] = specs('ingest');
    expect([ingest1?.label, ingest2?.label]).toEqual(['ingest#1', 'ingest#2']);
    for (const spec of specs('ingest')) {
      expect(spec.env.PORT).toBe(String(table.ports.ingest));
      expect(spec.env.REUSE_PORT).toBe('true');
      expect(spec.env.INSTANCE_PORT).toBe(String(spec.instancePort));
      expect(spec.instancePort).not.toBe(table.ports.ingest);
      // The per-pharmacy rate limit is the system's: each of the two enforces half of it.
      expect(spec.env.INGEST_INSTANCES).toBe('2');
    }
    expect(ingest1?.instancePort).not.toBe(ingest2?.instancePort);
    // Signed session cookies verify at either dashboard instance.
    const [dash1, dash2] = specs('dashboard');
    expect(dash1?.env.DASHBOARD_SESSION_SECRET).toBeDefined();
    expect(dash1?.env.DASHBOARD_SESSION_SECRET).toBe(dash2?.env.DASHBOARD_SESSION_SECRET);
    const [delivery1, delivery2] = specs('delivery');
    expect(delivery1?.env.REUSE_PORT).toBeUndefined();
    expect([delivery1?.env.PORT, delivery2?.env.PORT]).toEqual([String(table.ports.delivery), String(table.ports.delivery + 100)]);
    expect([delivery1?.instancePort, delivery2?.instancePort]).toEqual([table.ports.delivery, table.ports.delivery + 100]);
    // Instances of a service start one after another, in the service order.
    expect(table.services.map((s) => s.label).slice(0, 5)).toEqual(['nhs-simulator', 'ingest#1', 'ingest#2', 'fhir-mapper', 'delivery#1']);
    // Every port a process listens on is named once, so a harness can check them all are free.
    const listening = table.services.flatMap((s) => [s.port, s.instancePort]);
    expect(new Set(table.allPorts)).toEqual(new Set(listening));
    const own = table.services.map((s) => s.instancePort);
    expect(new Set(own).size).toBe(own.length);
  });
});
