export { defined } from './defined';
export { isolatedTopics, quietLogger, testBrokers, testKafka } from './broker';
export { capturingLogger, leakedSecrets } from './log-capture';
export { readTopic, type TopicReader } from './records';
