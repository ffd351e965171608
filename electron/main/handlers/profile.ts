import { fetchProfile, parseProfile } from '../../core/profile/load-profile';
import type { HandlerDeps, Handlers } from './types';

/**
 * `profile:load`: a profile from its https URL, or from the text of the file the user picked (the renderer reads it; main checks it).
 * `profile:pending`: the `dockside://profile?url=` link waiting for the renderer, taken (see pending-link.ts).
 */
export function profileHandlers(deps: Pick<HandlerDeps, 'profileLink'>): Pick<Handlers, 'profile:load' | 'profile:pending'> {
  return {
    'profile:load': async (request) => ('url' in request ? fetchProfile(request.url) : parseProfile(request.text, request.name)),
    'profile:pending': async () => ({ url: deps.profileLink.take() }),
  };
}
