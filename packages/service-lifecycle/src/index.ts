export { type CallDeadline, callDeadline } from './call-deadline';
export { manageProcess, type ServiceProcess, type Stopper } from './shutdown';
