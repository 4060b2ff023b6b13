import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without type declarations
import { clusterLayout, replicationFor, serverProperties } from '../cluster-layout.mjs';

interface Node {
  id: number;
  port: number;
  controllerPort: number;
  dir: string;
  data: string;
}
interface Layout {
  brokers: number;
  nodes: Node[];
  voters: string;
  bootstrap: string;
}
const layoutOf = clusterLayout as (home: string, port: number, brokers?: number) => Layout;
const propertiesOf = serverProperties as (layout: Layout, node: Node) => string;
const replication = replicationFor as (brokers: number) => { replicationFactor: number; minInsyncReplicas: number };

function props(text: string): Map<string, string> {
  return new Map(
    text.split('\n').flatMap((line) => (line.includes('=') ? [[line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]] : [])),
  );
}

describe('local Kafka layout', () => {
  it('keeps the single broker exactly where it always was: port P, controller P+1, .kafka/broker-P, RF 1', () => {
    const layout = layoutOf('/k', 9092);
    expect(layout.bootstrap).toBe('127.0.0.1:9092');
    expect(layout.nodes).toMatchObject([{ id: 1, port: 9092, controllerPort: 9093, dir: '/k/broker-9092', data: '/k/broker-9092/data' }]);
    const p = props(propertiesOf(layout, layout.nodes[0] as Node));
    expect(p.get('controller.quorum.voters')).toBe('1@127.0.0.1:9093');
    expect([p.get('offsets.topic.replication.factor'), p.get('transaction.state.log.replication.factor'), p.get('min.insync.replicas')]).toEqual([
      '1',
      '1',
      '1',
    ]);
  });

  it('lays a 3-node cluster on P..P+2 with controllers on P+3..P+5, one data directory each, one quorum', () => {
    const layout = layoutOf('/k', 19400, 3);
    expect(layout.bootstrap).toBe('127.0.0.1:19400,127.0.0.1:19401,127.0.0.1:19402');
    expect(layout.nodes.map((n) => [n.id, n.port, n.controllerPort, n.data])).toEqual([
      [1, 19400, 19403, '/k/cluster-19400/node-1/data'],
      [2, 19401, 19404, '/k/cluster-19400/node-2/data'],
      [3, 19402, 19405, '/k/cluster-19400/node-3/data'],
    ]);
    for (const node of layout.nodes) {
      const p = props(propertiesOf(layout, node));
      expect(p.get('node.id')).toBe(String(node.id));
      expect(p.get('process.roles')).toBe('broker,controller');
      expect(p.get('controller.quorum.voters')).toBe('1@127.0.0.1:19403,2@127.0.0.1:19404,3@127.0.0.1:19405');
      expect(p.get('listeners')).toBe(`PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`);
      expect(p.get('log.dirs')).toBe(node.data);
      expect(p.get('offsets.topic.replication.factor')).toBe('3');
      expect(p.get('transaction.state.log.replication.factor')).toBe('3');
      expect(p.get('transaction.state.log.min.isr')).toBe('2');
      expect(p.get('min.insync.replicas')).toBe('2');
    }
  });

  it('refuses a 2-node quorum (it survives no failure) and nonsense sizes', () => {
    expect(() => layoutOf('/k', 9092, 2)).toThrow(/2-node/);
    expect(() => layoutOf('/k', 9092, 0)).toThrow(/positive integer/);
    expect(replication(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replication(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });
});
