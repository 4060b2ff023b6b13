import type { Clock } from '@firstsync/contracts';
import type { Logger } from '@firstsync/logging';
import type { DeviceCookies } from '../auth/device-cookie';
import type { LoginCsrf } from '../auth/login-csrf';
import type { LoginThrottle } from '../auth/login-throttle';
import type { SessionStore } from '../auth/session-store';
import type { DashboardConfig } from '../config';
import type { CommandPublisher } from '../kafka/command-publisher';
import type { LiveUpdates } from '../live/live-updates';
import type { MessageCache } from '../messages/message-cache';
import type { PatientIdentities } from '../patient-identities';
import type { ReadModel } from '../read-model/read-model';

/** What route modules need; built once in app.ts. */
export interface DashboardContext {
  config: DashboardConfig;
  logger: Logger;
  clock: Clock;
  readModel: ReadModel;
  identities: PatientIdentities;
  messages: MessageCache;
  publisher: CommandPublisher;
  live: LiveUpdates;
  sessions: SessionStore;
  throttle: LoginThrottle;
  loginCsrf: LoginCsrf;
  devices: DeviceCookies;
}
