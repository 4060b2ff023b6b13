import type { Clock } from '@firstsync/contracts';
import type { MessageValidator } from '../fhir/validate-message';
import { GpSystems } from './gp-system/gp-systems';
import { Scheduler } from './gp-system/scheduler';
import { DEFAULT_KEEP_ACKNOWLEDGED_BODIES, type Mailbox, MeshStore } from './mesh/mesh-store';
import { type PdsMode, PdsStore } from './pds/pds-store';

/** Sender mailboxes the simulated MESH knows from the start, and its shared secret (dev values). */
export const NHS_SIDE_DEFAULTS = {
  sharedKey: 'firstsync-simulator-shared-key',
  mailboxes: [
    { mailboxId: 'X26FS001', password: 'firstsync-simulator-password', name: 'firstsync sender', odsCode: 'X26', workflows: '*' },
  ] satisfies Mailbox[],
} as const;

export interface NhsSideSettings {
  sharedKey: string;
  mailboxes: readonly Mailbox[];
  pdsMode: PdsMode;
  /** Acknowledged MESH message bodies kept (most recent); older ones are let go. */
  keepBodies: number;
}

/** MESH, PDS and the GP systems of the simulated NHS side, sharing one scheduler. */
export interface NhsSideState {
  readonly settings: NhsSideSettings;
  readonly mesh: MeshStore;
  readonly pds: PdsStore;
  readonly gp: GpSystems;
  readonly scheduler: Scheduler;
}

export function createNhsSideState(
  deps: { clock: Clock; validate: MessageValidator; logger: { info(fields: Record<string, unknown>, message: string): void } },
  settings: Partial<NhsSideSettings> = {},
): NhsSideState {
  const resolved: NhsSideSettings = {
    sharedKey: settings.sharedKey ?? NHS_SIDE_DEFAULTS.sharedKey,
    mailboxes: settings.mailboxes ?? NHS_SIDE_DEFAULTS.mailboxes,
    pdsMode: settings.pdsMode ?? 'learn-from-payload',
    keepBodies: settings.keepBodies ?? DEFAULT_KEEP_ACKNOWLEDGED_BODIES,
  };
  const mesh = new MeshStore(resolved.keepBodies);
  const scheduler = new Scheduler();
  const state: NhsSideState = {
    settings: resolved,
    mesh,
    pds: new PdsStore(resolved.pdsMode),
    gp: new GpSystems({ mesh, clock: deps.clock, validate: deps.validate, scheduler, logger: deps.logger }),
    scheduler,
  };
  seedMailboxes(state);
  return state;
}

function seedMailboxes(state: NhsSideState): void {
  for (const mailbox of state.settings.mailboxes) state.mesh.putMailbox(mailbox);
}

/** Back to a fresh start: no messages, practices or patients; the configured sender mailboxes. */
export function resetNhsSideState(state: NhsSideState): void {
  state.scheduler.cancelAll();
  state.mesh.clear();
  state.gp.clear();
  state.pds.clear();
  state.pds.mode = state.settings.pdsMode;
  seedMailboxes(state);
}
