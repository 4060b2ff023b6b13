export { idleBatchContext } from './batch-context';
export { isolatedTopics, quietLogger, testBrokers, testKafka } from './broker';
export { defined } from './defined';
export { capturingLogger, leakedSecrets } from './log-capture';
export { readTopic, type TopicReader } from './records';
