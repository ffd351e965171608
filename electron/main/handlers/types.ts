import type { IpcChannel } from '../../../shared/ipc-channels';
import type { EmitEvent, IpcRequest, IpcResponse } from '../../../shared/ipc';
import type { Plan } from '../../../shared/plan';
import type { Machine } from '../../core/machine';
import type { Elevator } from '../../core/plan/elevator';
import type { UserCommandsEnv } from '../../core/platform/user-commands';
import type { PrivilegedEntry } from '../../core/plan/run-privileged';
import type { PendingLink } from '../pending-link';
import type { AppInfoSource } from './app-info';
import type { ChangeConfirmation } from './confirm-change';

/**
 * One implementation per channel. The mapped type makes a channel of the contract without a
 * handler a compile error. Handlers never import `electron`: the UI test bridge serves these
 * same functions to the renderer running in Chromium.
 */
export type Handlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> };

/** What every handler may use: the composition root (electron/main/index.ts, or the UI test bridge) supplies it. */
export interface HandlerDeps {
  app: AppInfoSource;
  /** This machine's Docker, resolved on first use (see lazyMachine): the composition root decides how. */
  machine: () => Promise<Machine>;
  /** resources/mirrors.json of this installation: the public mirror catalog. */
  catalogPath: string;
  /** Sends a progress event to the renderer (electron/main/ipc.ts, or the UI test bridge's SSE). */
  emit: EmitEvent;
  change: ChangeDeps;
  /** The `dockside://profile?url=` link received and not yet taken by the renderer (the test bridge sets its own). */
  profileLink: PendingLink;
  /** The user's HOME, shell, PATH and this installation's launchers, read at each path:* call. */
  userCommands: () => UserCommandsEnv;
}

/** How a planned change is applied: the privileged entry of this installation and the elevator that runs it. */
export interface ChangeDeps {
  privileged: PrivilegedEntry;
  /** chooseElevator with the composition root's own elevators (sudo-prompt in the app). */
  elevatorFor(plan: Plan): Elevator;
  newId(): string;
  /**
   * Asks the user whether to apply, with the text main wrote from the change it keeps (never the
   * renderer's words); true only for an explicit yes. The app shows a native dialog
   * (confirm-dialog.ts); the UI test bridge answers for the user only when a test says so.
   */
  confirm(confirmation: ChangeConfirmation): Promise<boolean>;
  /** The OS's preferred languages, for a confirmation asked without the renderer's chosen language. */
  systemLanguages(): readonly string[];
}
