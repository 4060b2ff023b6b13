// The local JVM broker (infra/kafka-local), which the full chaos form restarts. kafka-local.mjs is
// dependency-free and untyped because it must run before `pnpm install`, so it is loaded by URL.

export interface LocalBroker {
  brokers: string;
  pid: number;
  port: number;
  startSeconds: number;
}

interface KafkaLocalModule {
  repoRoot: string;
  startLocalBroker(options: { port?: number; heap?: string; keepData?: boolean }): Promise<LocalBroker>;
  stopLocalBroker(options: { port?: number; graceMs?: number }): Promise<boolean>;
}

const kafkaLocalUrl = new URL('../../kafka-local/kafka-local.mjs', import.meta.url).href;

export const kafkaLocal = (await import(kafkaLocalUrl)) as KafkaLocalModule;
export const repoRoot: string = kafkaLocal.repoRoot;
