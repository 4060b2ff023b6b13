export { registerHealthRoutes, type ReadinessCheck } from './health';
export { manageProcess, type ServiceProcess, type Stopper } from './shutdown';
