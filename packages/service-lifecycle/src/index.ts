export { type CallDeadline, callDeadline } from './call-deadline';
export { type ManageProcessOptions, manageProcess, type ServiceProcess, type Stopper } from './shutdown';
