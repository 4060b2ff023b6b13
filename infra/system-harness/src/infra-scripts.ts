// The local JVM broker (infra/kafka-local), which the full chaos form restarts. kafka-local.mjs is
// dependency-free and untyped because it must run before `pnpm install`, so it is loaded by URL.

export interface LocalBroker {
  /** Bootstrap list: one address, or one per node of a cluster. */
  brokers: string;
  pid: number;
  port: number;
  startSeconds: number;
  nodes: { id: number; port: number; pid: number }[];
}

interface KafkaLocalModule {
  repoRoot: string;
  /** brokers: 1 (default) or a KRaft cluster of that many nodes on port .. port+2N-1. */
  startLocalBroker(options: { port?: number; brokers?: number; heap?: string; keepData?: boolean }): Promise<LocalBroker>;
  stopLocalBroker(options: { port?: number; graceMs?: number }): Promise<boolean>;
  /** One node of the cluster on `port`: stopped (SIGKILL for chaos) with its data kept, and started again. */
  stopLocalNode(options: { port?: number; node: number; signal?: 'SIGTERM' | 'SIGKILL'; graceMs?: number }): Promise<boolean>;
  startLocalNode(options: { port?: number; node: number; heap?: string }): Promise<{ id: number; port: number; pid: number; startSeconds: number }>;
}

const kafkaLocalUrl = new URL('../../kafka-local/kafka-local.mjs', import.meta.url).href;

export const kafkaLocal = (await import(kafkaLocalUrl)) as KafkaLocalModule;
export const repoRoot: string = kafkaLocal.repoRoot;
