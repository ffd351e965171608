import { type ParseError, parse } from 'jsonc-parser';
import { request } from 'undici';
import { type LoadedProfile, ProfileSchema } from '../../../shared/profile';
import { DocksideError } from '../errors';
import { describeJsonError } from '../json/syntax-error';
import { isPublicRegistry, publicRegistryRefusal } from '../registry/public-registry';
import { connectionError, originAgent, readCapped, safeUrl } from '../registry/registry-client';
import { toPem } from '../trust/certificate-info';
import { systemRoots } from '../trust/system-roots';

/** A profile is a few registries and mirrors: anything bigger is not one. */
export const MAX_PROFILE_BYTES = 256 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

/** Parses and checks a profile's text; every mistake is named by its field (`registries[1].caFingerprint: ...`). */
export function parseProfile(text: string, source: string): LoadedProfile {
  const errors: ParseError[] = [];
  const json: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first !== undefined) {
    const { line, column, problem } = describeJsonError(text, first, 'a profile');
    throw new DocksideError('invalid-profile', `${source}:${line}:${column}: ${problem}. A profile is a JSON file; correct it, or ask your platform team for a fresh copy.`);
  }
  const parsed = ProfileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${fieldName(issue.path)}: ${issue.message}`);
    throw new DocksideError('invalid-profile', `${source} is not a valid Dockside profile. ${problems.join('; ')}. Correct the file, or ask your platform team for one that passes \`dockside profile check\`.`);
  }
  // A profile is someone else's word: it may never weaken a public registry (only the user's own --allow-public-registry may).
  parsed.data.registries.forEach((registry, index) => {
    if (!isPublicRegistry(registry.host) || (registry.insecure !== true && registry.caFingerprint === undefined)) return;
    const refusal = publicRegistryRefusal(registry.host, registry.insecure === true ? 'insecure' : 'ca');
    throw new DocksideError(refusal.code, `${source}: registries[${index}] ${refusal.message}`);
  });
  return { source, profile: parsed.data };
}

/** `registries[0].host` from zod's path. */
function fieldName(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(the profile)';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}

/**
 * A profile published at an https URL (a Nexus raw repository, say). Only https: the profile pins
 * the CAs the workstation will trust, so it must not be open to changes on the way. Redirects are
 * not followed and the body is capped.
 */
export async function fetchProfile(address: string): Promise<LoadedProfile> {
  const url = URL.canParse(address) ? new URL(address) : null;
  if (url === null || url.protocol !== 'https:') {
    throw new DocksideError('profile-url-not-https', `${address} is not an https:// URL. A profile pins the certificates your machine will trust, so Dockside fetches it only over https. Use its https address, or download it and open the file.`);
  }
  const agent = originAgent(url, (await systemRoots()).map(toPem), FETCH_TIMEOUT_MS);
  try {
    const response = await request(url, { dispatcher: agent, headers: { accept: 'application/json' } }).catch((error: unknown) => {
      throw connectionError(error, url, FETCH_TIMEOUT_MS);
    });
    const text = await readCapped(response.body, MAX_PROFILE_BYTES + 1);
    if (response.statusCode !== 200) {
      throw new DocksideError('profile-fetch-failed', `${safeUrl(url)} answered HTTP ${response.statusCode}, not the profile. Check the address (a Nexus raw repository may need you to sign in, or the file moved).`);
    }
    if (Buffer.byteLength(text) > MAX_PROFILE_BYTES) {
      throw new DocksideError('profile-too-large', `${safeUrl(url)} sent more than ${MAX_PROFILE_BYTES / 1024} KiB: that is not a Dockside profile.`);
    }
    return parseProfile(text, safeUrl(url));
  } finally {
    await agent.close();
  }
}

