export { ConfigError, loadConfig, resolveFileSecrets } from './load-config';
export { hostEnv, kafkaEnv, logEnv, port, type KafkaEnv } from './fragments';
