export { bundleEntry, bundleService } from './bundle-service';
export { type StartServiceOptions, startService, stopAll, waitReady } from './processes';
export {
  type DeliveryRoute,
  HEAP_BUDGET_MB,
  heapFlags,
  type ServiceName,
  type ServiceSpec,
  type ServiceTable,
  type ServiceTableOptions,
  serviceTable,
} from './service-table';
