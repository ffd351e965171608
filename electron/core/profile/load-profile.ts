import { type ParseError, parse } from 'jsonc-parser';
import { request } from 'undici';
import { fileProblems, type LoadedProfile, ProfileSchema } from '../../../shared/profile';
import { DocksideError } from '../errors';
import { describeJsonError, JSON_PROBLEM_PHRASES } from '../json/syntax-error';
import { isPublicRegistry } from '../registry/public-registry';
import { connectionError, originAgent, readCapped, safeUrl } from '../registry/registry-client';
import { toPem } from '../trust/certificate-info';
import { FileProblemsError } from './file-problems-error';
import { systemRoots } from '../trust/system-roots';

/** A profile is a few registries and mirrors: anything bigger is not one. */
export const MAX_PROFILE_BYTES = 256 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

/** Parses and checks a profile's text; every mistake is named by its field (`registries[1].caFingerprint`). */
export function parseProfile(text: string, source: string): LoadedProfile {
  const errors: ParseError[] = [];
  const json: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first !== undefined) {
    const { line, column, problem } = describeJsonError(text, first);
    throw new DocksideError('invalid-profile', 'profile.error.invalid-profile.syntax', { source, line, column, problem: JSON_PROBLEM_PHRASES[problem] });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new DocksideError('invalid-profile', 'profile.error.invalid-profile.not-an-object', { source });
  const parsed = ProfileSchema.safeParse(json);
  if (!parsed.success) throw new FileProblemsError('invalid-profile', 'profile.error.invalid-profile', { source }, fileProblems(parsed.error, json));
  // A profile is someone else's word: it may never weaken a public registry (only the user's own --allow-public-registry may).
  parsed.data.registries.forEach((registry, index) => {
    if (!isPublicRegistry(registry.host) || (registry.insecure !== true && registry.caFingerprint === undefined && registry.caPem === undefined)) return;
    const key =
      registry.insecure === true ? 'profile.error.public-registry.insecure' : registry.caFingerprint === undefined ? 'profile.error.public-registry.ca-pem' : 'profile.error.public-registry.ca';
    throw new DocksideError('public-registry', key, { source, field: `registries[${index}]`, host: registry.host });
  });
  return { source, profile: parsed.data };
}

/**
 * A profile published at an https URL (a Nexus raw repository, say). Only https: the profile pins
 * the CAs the workstation will trust, so it must not be open to changes on the way. Redirects are
 * not followed and the body is capped.
 */
export async function fetchProfile(address: string): Promise<LoadedProfile> {
  const url = URL.canParse(address) ? new URL(address) : null;
  if (url === null || url.protocol !== 'https:') {
    throw new DocksideError('profile-url-not-https', 'profile.error.profile-url-not-https', { address });
  }
  const agent = originAgent(url, (await systemRoots()).map(toPem), FETCH_TIMEOUT_MS);
  try {
    const response = await request(url, { dispatcher: agent, headers: { accept: 'application/json' } }).catch((error: unknown) => {
      throw connectionError(error, url, FETCH_TIMEOUT_MS);
    });
    const text = await readCapped(response.body, MAX_PROFILE_BYTES + 1);
    if (response.statusCode !== 200) {
      throw new DocksideError('profile-fetch-failed', 'profile.error.profile-fetch-failed', { url: safeUrl(url), status: response.statusCode });
    }
    if (Buffer.byteLength(text) > MAX_PROFILE_BYTES) {
      throw new DocksideError('profile-too-large', 'profile.error.profile-too-large', { source: safeUrl(url), kib: MAX_PROFILE_BYTES / 1024 });
    }
    return parseProfile(text, safeUrl(url));
  } finally {
    await agent.close();
  }
}

