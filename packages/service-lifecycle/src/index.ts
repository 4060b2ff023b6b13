export { type ReadinessCheck, registerHealthRoutes } from './health';
export { manageProcess, type ServiceProcess, type Stopper } from './shutdown';
