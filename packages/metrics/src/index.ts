export { type ConsumerLagMetrics, consumerLagMetrics, partitionLag } from './consumer-lag';
export {
  type AckLevel,
  type AckTimeoutCode,
  type AwaitingAcks,
  type BreakerStatus,
  breakerMetrics,
  fallbackMailMetrics,
  type MeshAckObserver,
  meshAckMetrics,
} from './delivery';
export { type ExposedLabel, exposedLabels } from './exposition';
export { type HttpRequestObservation, httpRequestMetrics } from './http';
export { observeProducer, pipelineEventType } from './produced';
export { createServiceRegistry, type Registry } from './registry';
export { groupLabel, topicLabeller } from './topic-labels';
export { type EndpointStatus, type WebhookObserver, webhookMetrics } from './webhooks';
