import { fetchProfile, parseProfile } from '../../core/profile/load-profile';
import type { Handlers } from './index';

/** `profile:load`: a profile from its https URL, or from the text of the file the user picked (the renderer reads it; main checks it). */
export function profileHandlers(): Pick<Handlers, 'profile:load'> {
  return { 'profile:load': async (request) => ('url' in request ? fetchProfile(request.url) : parseProfile(request.text, request.name)) };
}
