import * as z from 'zod';
import { MessageSchema } from './message';

/**
 * Nexus discovery (`dockside nexus discover`, FACTS §6): which docker repositories a Nexus has,
 * how Docker reaches each, and what each is good for. Part of the CLI's --json contract.
 */

export const RepositoryRoleSchema = z.enum(['mirror', 'pull', 'push']);
export type RepositoryRole = z.infer<typeof RepositoryRoleSchema>;

export const NexusRepositorySchema = z
  .object({
    name: z.string(),
    type: z.enum(['proxy', 'hosted', 'group']),
    /** <nexus>/repository/<name>/ as Nexus reports it. */
    url: z.string(),
    /** proxy only: what it caches. */
    remoteUrl: z.string().nullable(),
    /** group only, when the account may read it: the member repositories in order. */
    members: z.array(z.string()).nullable(),
    /** Connector ports, when the account may read repositorySettings; null: unknown. */
    httpPort: z.number().int().nullable(),
    httpsPort: z.number().int().nullable(),
    /** Path-based routing (Nexus 3.83+): images are <host>/<repository>/<image>. */
    pathEnabled: z.boolean().nullable(),
    /** What `<nexus>/repository/<name>/v2/` answered: a registry (200/401) or not; null when not checked. */
    reachable: z.boolean().nullable(),
    /** How Docker reaches it: http://host:port, https://host:port, or host/<name> for path routing. Empty when unknown. */
    endpoints: z.array(z.string()),
    roles: z.array(RepositoryRoleSchema),
    /** Warnings (e.g. a hosted repository is no Docker Hub mirror), as catalog messages (`nexus.note.*`). */
    notes: z.array(MessageSchema),
  })
  .strict();
export type NexusRepository = z.infer<typeof NexusRepositorySchema>;

export const NexusDiscoveryJsonSchema = z
  .object({
    nexusUrl: z.string(),
    /** From the Server header of /service/rest/v1/status, e.g. 3.70.1-02. */
    version: z.string().nullable(),
    /** Whether connector ports and group members could be read (repository-admin read is needed). */
    settingsReadable: z.boolean(),
    repositories: z.array(NexusRepositorySchema),
    /** The repository names to use for each job; null when none fits. */
    recommended: z
      .object({ mirror: z.string().nullable(), pull: z.string().nullable(), push: z.string().nullable() })
      .strict(),
    /** What the user must know or do (`nexus.note.*`), e.g. that the ports are unknown and come from the profile or the administrator. */
    notes: z.array(MessageSchema),
  })
  .strict();
export type NexusDiscoveryJson = z.infer<typeof NexusDiscoveryJsonSchema>;
