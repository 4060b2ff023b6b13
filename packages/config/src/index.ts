export { hostEnv, type KafkaEnv, kafkaConsumerEnv, kafkaEnv, logEnv, port } from './fragments';
export { ConfigError, loadConfig, resolveFileSecrets } from './load-config';
