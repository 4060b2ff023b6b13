export { hostEnv, type KafkaEnv, kafkaEnv, logEnv, port } from './fragments';
export { ConfigError, loadConfig, resolveFileSecrets } from './load-config';
