export { manageProcess, type ServiceProcess, type Stopper } from './shutdown';
