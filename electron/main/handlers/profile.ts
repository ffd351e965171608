import { surveyProfile } from '../../core/profile/plan-profile';
import { fetchProfile, parseProfile } from '../../core/profile/load-profile';
import type { HandlerDeps, Handlers } from './types';

/**
 * `profile:load`: a profile from its https URL, or from the text of the file the user picked (the renderer reads it; main checks it).
 * `profile:pending`: the `dockside://profile?url=` link waiting for the renderer, taken (see pending-link.ts).
 * `profile:survey`: each registry of the profile as `profile apply` sees it, so the wizard asks for the credentials of those that need them.
 */
export function profileHandlers(deps: Pick<HandlerDeps, 'profileLink' | 'machine'>): Pick<Handlers, 'profile:load' | 'profile:pending' | 'profile:survey'> {
  return {
    'profile:load': async (request) => ('url' in request ? fetchProfile(request.url) : parseProfile(request.text, request.name)),
    'profile:pending': async () => ({ url: deps.profileLink.take() }),
    'profile:survey': async ({ profile }) => ({
      registries: (await surveyProfile(await deps.machine(), { ...profile, profile: { ...profile.profile, mirrors: profile.profile.mirrors ?? [] } }, { now: () => new Date() })).map((survey) => survey.state),
    }),
  };
}
