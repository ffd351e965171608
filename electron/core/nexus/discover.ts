import { type Message, msg } from '../../../shared/message';
import type { NexusDiscoveryJson, NexusRepository, RepositoryRole } from '../../../shared/nexus';
import { toPem } from '../trust/certificate-info';
import { systemRoots } from '../trust/system-roots';
import { type DockerRepositoryRow, type DockerRepositorySettings, NexusClient, type NexusStatus, type RegistryProbe } from './nexus-client';

/**
 * `dockside nexus discover` (DESIGN §1, §2 "Nexus discovery"; FACTS §6): which docker
 * repositories a Nexus has, how Docker reaches each, and which to use as the Docker Hub
 * mirror, for pulls and for pushes. An ordinary developer may list repositories but not their
 * connector ports or group members (repository-admin read): then the result says so instead
 * of guessing, and the ports must come from the profile or the administrator.
 */

export interface DiscoverOptions {
  nexusUrl: string;
  credentials?: { username: string; password: string };
  ca?: string[];
  timeoutMs: number;
}

// Where a proxy must point to be of use as a registry mirror: Docker consults mirrors only for
// Docker Hub images. registry.hub.docker.com is the older name many tutorials still give.
const DOCKER_HUB_HOSTS: ReadonlySet<string> = new Set(['registry-1.docker.io', 'index.docker.io', 'hub.docker.com', 'registry.hub.docker.com']);

/** Told when the account may not read connector ports and group members (repository-admin read). */
export const PORTS_UNKNOWN: Message = msg('nexus.note.ports-unknown');

export async function discoverNexus(options: DiscoverOptions): Promise<NexusDiscoveryJson> {
  const client = new NexusClient(options);
  try {
    // One request after the other: the status check rejects a wrong password before any other
    // request carries it, so a typo costs one failed sign-in (Nexus locks a user after 3).
    const status = await client.status();
    const rows = await client.dockerRepositories();
    const settings = await client.dockerSettings();
    const probes = await Promise.all(rows.map((row) => client.probeRegistry(row.name)));
    return summarize(client.base, status, rows, settings, probes);
  } finally {
    await client.close();
  }
}

export const DISCOVER_TIMEOUT_MS = 15_000;

/** Discovery as the CLI and the app run it: the Nexus's certificate judged against the system's CAs. */
export async function discoverNexusTrustingSystem(nexusUrl: string, credentials?: { username: string; password: string }, timeoutMs = DISCOVER_TIMEOUT_MS): Promise<NexusDiscoveryJson> {
  const ca = (await systemRoots()).map(toPem);
  return discoverNexus({ nexusUrl, ...(credentials ? { credentials } : {}), ca, timeoutMs });
}

/**
 * Why a repository is no Docker Hub mirror (DESIGN §1), or null when it is one or that cannot
 * be told (a group whose members are unknown). For the discovery notes, and for the CLI when
 * a user offers a repository's endpoint as a mirror.
 */
export function mirrorWarning(repository: Pick<NexusRepository, 'name' | 'type' | 'remoteUrl' | 'members' | 'roles'>): Message | null {
  const { name, type, remoteUrl, members, roles } = repository;
  if (roles.includes('mirror')) return null;
  if (type === 'hosted') return msg('nexus.note.hosted-not-mirror', { name });
  if (type === 'proxy') return remoteUrl === null ? msg('nexus.note.proxy-not-hub.remote-unknown', { name }) : msg('nexus.note.proxy-not-hub', { name, remote: remoteUrl });
  if (members === null) return null;
  return members.length === 0 ? msg('nexus.note.group-no-hub.no-members', { name }) : msg('nexus.note.group-no-hub', { name, members: members.join(', ') });
}

function summarize(
  base: URL,
  status: NexusStatus,
  rows: DockerRepositoryRow[],
  settings: DockerRepositorySettings[] | null,
  probes: RegistryProbe[],
): NexusDiscoveryJson {
  const settingsByName = new Map((settings ?? []).map((entry) => [entry.name, entry]));
  // An account without the privilege may get 200 with the rows it may administer, possibly none.
  const settingsReadable = settings !== null && (rows.length === 0 || rows.some((row) => settingsByName.has(row.name)));
  const found = rows.map((row, index) => located(base, row, settingsByName.get(row.name), probes[index]));
  const byName = new Map(found.map((repository) => [repository.name, repository]));
  const repositories = found.map((repository, index) => {
    const hub = reachesDockerHub(repository, byName, new Set());
    const withRoles = { ...repository, roles: rolesOf(repository.type, hub) };
    const own = settingsReadable ? (settingsByName.get(repository.name) ?? null) : undefined;
    return { ...withRoles, notes: notesOf(withRoles, hub, probes[index], own) };
  });
  const recommended = recommend(repositories);
  return {
    nexusUrl: base.href.replace(/\/$/, ''),
    version: status.version,
    settingsReadable,
    repositories,
    recommended,
    notes: overallNotes(status, settingsReadable, repositories, recommended),
  };
}

/** A repository with what Nexus said about it and how Docker reaches it; roles and notes come after. */
function located(base: URL, row: DockerRepositoryRow, settings: DockerRepositorySettings | undefined, probe: RegistryProbe | undefined): NexusRepository {
  return {
    name: row.name,
    type: row.type,
    url: row.url,
    remoteUrl: row.type === 'proxy' ? (row.remoteUrl ?? settings?.remoteUrl ?? null) : null,
    members: row.type === 'group' ? (settings?.memberNames ?? null) : null,
    httpPort: settings?.httpPort ?? null,
    httpsPort: settings?.httpsPort ?? null,
    pathEnabled: settings?.pathEnabled ?? null,
    reachable: probe?.registry ?? null,
    endpoints: settings ? endpointsOf(base, row.name, settings) : [],
    roles: [],
    notes: [],
  };
}

/** Port connectors on Nexus's own host, and path routing (3.83+: images are <host>/<repository>/<image>). */
function endpointsOf(base: URL, name: string, settings: DockerRepositorySettings): string[] {
  const endpoints: string[] = [];
  if (settings.httpPort !== null) endpoints.push(`http://${base.hostname}:${settings.httpPort}/`);
  if (settings.httpsPort !== null) endpoints.push(`https://${base.hostname}:${settings.httpsPort}/`);
  if (settings.pathEnabled === true) endpoints.push(`${base.host}/${name}`);
  return endpoints;
}

/** Whether pulls through the repository can reach Docker Hub; null when group members (or theirs) are unknown. */
function reachesDockerHub(repository: NexusRepository, byName: ReadonlyMap<string, NexusRepository>, seen: Set<string>): boolean | null {
  if (repository.type === 'hosted') return false;
  if (repository.type === 'proxy') return isDockerHub(repository.remoteUrl);
  if (repository.members === null) return null;
  // Nexus refuses cyclic groups; `seen` only keeps a malformed answer from recursing forever.
  if (seen.has(repository.name)) return false;
  seen.add(repository.name);
  let answer: boolean | null = false;
  for (const name of repository.members) {
    const member = byName.get(name);
    // A member this account may not browse could be anything.
    const reaches = member ? reachesDockerHub(member, byName, seen) : null;
    if (reaches === true) return true;
    if (reaches === null) answer = null;
  }
  return answer;
}

function isDockerHub(remoteUrl: string | null): boolean {
  if (remoteUrl === null) return false;
  try {
    return DOCKER_HUB_HOSTS.has(new URL(remoteUrl).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** Nexus OSS pulls from all three kinds and pushes only to hosted; only Docker Hub's content makes a mirror. */
function rolesOf(type: NexusRepository['type'], reachesHub: boolean | null): RepositoryRole[] {
  if (type === 'hosted') return ['pull', 'push'];
  return reachesHub === true ? ['mirror', 'pull'] : ['pull'];
}

/** `settings`: this repository's settings; null when the account may read settings but not this repository's; undefined when it may read none. */
function notesOf(repository: NexusRepository, reachesHub: boolean | null, probe: RegistryProbe | undefined, settings: DockerRepositorySettings | null | undefined): Message[] {
  const { name, type } = repository;
  const notes: Message[] = [];
  if (type === 'group' && reachesHub === null) {
    notes.push(msg('nexus.note.group-members-unknown', { name }));
  } else {
    const warning = mirrorWarning(repository);
    if (warning) notes.push(warning);
  }
  if (repository.roles.includes('mirror') && probe?.anonymousPull === false) notes.push(msg('nexus.note.mirror-needs-credentials', { name }));
  if (type === 'group') notes.push(msg('nexus.note.group-no-push', { name }));
  if (probe && !probe.registry) notes.push(msg('nexus.note.not-a-registry', { url: `${repository.url.replace(/\/$/, '')}/v2/`, status: probe.status }));
  if (settings === null) {
    notes.push(msg('nexus.note.ports-unknown-own', { name }));
  } else if (settings && repository.endpoints.length === 0) {
    notes.push(settings.subdomain ? msg('nexus.note.subdomain', { name, subdomain: settings.subdomain }) : msg('nexus.note.no-connector', { name }));
  }
  return notes;
}

/** The first usable repository of the preferred kind for each job; a repository whose /v2/ did not answer as a registry is not usable. */
function recommend(repositories: NexusRepository[]): NexusDiscoveryJson['recommended'] {
  const usable = (type: NexusRepository['type'], role: RepositoryRole): NexusRepository | undefined =>
    repositories.find((repository) => repository.type === type && repository.roles.includes(role) && repository.reachable !== false);
  // A group with a Docker Hub proxy serves both Docker Hub and the team's images from one endpoint.
  const group = usable('group', 'mirror');
  const hosted = usable('hosted', 'push');
  return {
    mirror: (group ?? usable('proxy', 'mirror'))?.name ?? null,
    pull: (group ?? hosted)?.name ?? null,
    push: hosted?.name ?? null,
  };
}

function overallNotes(status: NexusStatus, settingsReadable: boolean, repositories: NexusRepository[], recommended: NexusDiscoveryJson['recommended']): Message[] {
  const notes: Message[] = [];
  if (!status.available) notes.push(msg('nexus.note.unavailable'));
  if (repositories.length === 0) {
    notes.push(msg('nexus.note.no-repositories'));
    return notes;
  }
  if (!settingsReadable) notes.push(PORTS_UNKNOWN);
  if (recommended.mirror === null) notes.push(msg('nexus.note.no-mirror'));
  if (recommended.push === null) notes.push(msg('nexus.note.no-hosted'));
  return notes;
}
