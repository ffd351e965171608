import { readHistory } from '../../core/plan/history';
import type { HandlerDeps, Handlers } from './types';

/** `history:list`: the changes Dockside made to this machine, for the dashboard's rollback history. */
export function historyHandlers(deps: HandlerDeps): Pick<Handlers, 'history:list'> {
  return { 'history:list': async () => readHistory((await deps.machine()).journalDirs) };
}
