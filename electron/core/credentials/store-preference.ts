import { DocksideError } from '../errors';

/** The environment variable that picks the store a login uses: the platform's own helper first, or Dockside's. */
export const STORE_PREFERENCE_VARIABLE = 'DOCKSIDE_CREDENTIAL_STORE';

/** auto: the platform's own Docker credential helper when one works, else Dockside's; dockside: always Dockside's. */
export type StorePreference = 'auto' | 'dockside';

const ACCEPTED: readonly StorePreference[] = ['auto', 'dockside'];

/** The preference DOCKSIDE_CREDENTIAL_STORE states; unset or empty is auto, anything else unknown a refusal. */
export function storePreferenceOf(env: NodeJS.ProcessEnv): StorePreference {
  const value = env[STORE_PREFERENCE_VARIABLE];
  if (value === undefined || value === '') return 'auto';
  if ((ACCEPTED as readonly string[]).includes(value)) return value as StorePreference;
  throw new DocksideError('invalid-credential-store', 'creds.error.invalid-credential-store', { variable: STORE_PREFERENCE_VARIABLE, value, accepted: ACCEPTED.join(', ') });
}
