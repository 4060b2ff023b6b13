export { bundleEntry, bundleService } from './bundle-service';
export { type StartServiceOptions, startService, stopAll, waitReady } from './processes';
export {
  type DeliveryRoute,
  HEAP_BUDGET_MB,
  heapFlags,
  type Instances,
  MALLOC_ENV,
  parseInstances,
  SERVICE_NAMES,
  type ServiceName,
  type ServiceSpec,
  type ServiceTable,
  type ServiceTableOptions,
  SHARED_PORT_SERVICES,
  serviceTable,
} from './service-table';
