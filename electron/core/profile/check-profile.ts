import type { ProbeEvent } from '../../../shared/mirrors';
import type { LoadedProfile, ProfileCheckJson, ProfileCheckProblem } from '../../../shared/profile';
import { toErrorValue } from '../errors';
import type { Machine } from '../machine';
import { probeMirrorsRequest } from '../mirrors/probe-request';
import { DISCOVER_TIMEOUT_MS } from '../nexus/discover';
import { NexusClient } from '../nexus/nexus-client';
import { describeSteps } from '../plan/describe-steps';
import { toPem } from '../trust/certificate-info';
import { systemRoots } from '../trust/system-roots';
import { planProfileChange } from './plan-profile';
import { type RegistrySurvey, surveyRegistry } from './survey-profile';

export interface CheckProfileOptions {
  catalogPath: string;
  now: () => Date;
  /** The user apply would sign in as (-u), for the keychain items listed. */
  username?: string;
  onRegistry?: (host: string) => void;
  onProbeEvent?: (event: ProbeEvent) => void;
}

/**
 * `profile check`: every endpoint of the profile probed (each registry's certificate against its
 * pin and whether it asks for credentials, each mirror with a real manifest, the Nexus's status)
 * and what apply would change. Nothing is written, and no password is sent anywhere.
 */
export async function checkProfile(machine: Machine, loaded: LoadedProfile, options: CheckProfileOptions): Promise<ProfileCheckJson> {
  const { profile } = loaded;
  const problems: ProfileCheckProblem[] = [];
  const surveys: RegistrySurvey[] = [];
  const registries: ProfileCheckJson['registries'] = [];
  for (const [index, entry] of profile.registries.entries()) {
    options.onRegistry?.(entry.host);
    try {
      const survey = await surveyRegistry(machine, entry, index, options);
      surveys.push(survey);
      registries.push({ host: survey.state.host, state: survey.state, problem: null });
    } catch (error) {
      const problem = toErrorValue(error);
      registries.push({ host: entry.host, state: null, problem });
      problems.push({ subject: entry.host, error: problem });
    }
  }

  const mirrors =
    profile.mirrors.length === 0
      ? []
      : (await probeMirrorsRequest({ urls: profile.mirrors }, { certsDir: machine.certsDir, catalogPath: options.catalogPath, onEvent: options.onProbeEvent })).results;
  for (const result of mirrors) {
    if (!result.usable) problems.push({ subject: result.url, error: { code: 'mirror-unusable', key: 'profile.error.mirror-unusable', params: { url: result.url, status: result.status } } });
  }

  const nexus = profile.nexus === undefined ? null : await nexusState(profile.nexus);
  if (nexus?.problem) problems.push({ subject: nexus.url, error: nexus.problem });
  else if (nexus?.available === false) problems.push({ subject: nexus.url, error: { code: 'nexus-unavailable', key: 'profile.error.nexus-unavailable', params: {} } });

  let planned: Pick<ProfileCheckJson, 'changes' | 'diff' | 'steps'> = { changes: [], diff: '', steps: [] };
  if (surveys.length === profile.registries.length) {
    try {
      // What apply would do, signing in where nothing is stored; the password is not needed to plan.
      const change = await planProfileChange(machine, loaded, surveys, {
        id: 'profile-check',
        now: options.now,
        credentialsFor: async (survey) => (survey.stored ? null : { username: options.username ?? '', password: '' }),
      });
      planned = { changes: change.items, diff: change.diff, steps: change.plan ? describeSteps(change.plan) : [] };
    } catch (error) {
      problems.push({ subject: '', error: toErrorValue(error) });
    }
  }
  return { profile: { name: profile.name, source: loaded.source }, registries, mirrors, nexus, ...planned, problems };
}

/** The Nexus's status endpoint (no sign-in needed), its certificate judged against the system's CAs. */
async function nexusState(url: string): Promise<NonNullable<ProfileCheckJson['nexus']>> {
  let client: NexusClient | null = null;
  try {
    client = new NexusClient({ nexusUrl: url, ca: (await systemRoots()).map(toPem), timeoutMs: DISCOVER_TIMEOUT_MS });
    const status = await client.status();
    return { url, version: status.version, available: status.available, problem: null };
  } catch (error) {
    return { url, version: null, available: null, problem: toErrorValue(error) };
  } finally {
    await client?.close();
  }
}
