import { z } from 'zod';

/**
 * An organisation profile (DESIGN §4): what a platform team publishes (a file, or an https URL
 * such as a Nexus raw repository) so a workstation is set up in one step. Versioned; every
 * field is checked, and an error names the field.
 */

/** host[:port] as Docker names a registry; core checks the name further before it becomes a path. */
const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
/** sha256 of the CA as `openssl x509 -fingerprint -sha256` prints it, with or without colons and the `sha256:` prefix. */
const FINGERPRINT = /^(?:sha256:)?(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^(?:sha256:)?[0-9A-Fa-f]{64}$/;

const httpUrl = (what: string) => z.url({ protocol: /^https?$/, message: `${what} must be an http:// or https:// URL` });

export const ProfileRegistrySchema = z
  .object({
    host: z.string().regex(HOST_PORT, { message: 'must be a registry name as Docker writes it: host or host:port, without a scheme or path' }),
    /** Images are pulled from here. */
    pull: z.boolean().optional(),
    /** Images are pushed here (Nexus: a hosted repository's connector, or the nginx front that routes PUT to it). */
    push: z.boolean().optional(),
    /** Plain HTTP: joins insecure-registries (no CA, no TLS). */
    insecure: z.boolean().optional(),
    /** Pins the registry's CA, so trusting it needs no guessing. */
    caFingerprint: z.string().regex(FINGERPRINT, { message: 'must be a SHA-256 fingerprint: 32 hex bytes, with or without colons, optionally after "sha256:"' }).optional(),
  })
  .strict()
  .refine((registry) => !(registry.insecure === true && registry.caFingerprint !== undefined), {
    message: 'an insecure (plain HTTP) registry has no certificate to pin: drop caFingerprint or insecure',
    path: ['caFingerprint'],
  });
export type ProfileRegistry = z.infer<typeof ProfileRegistrySchema>;

export const ProfileSchema = z
  .object({
    version: z.literal(1, { message: 'must be 1 (the only profile version this Dockside reads)' }),
    name: z.string().trim().min(1, { message: 'must name the profile' }).max(200),
    nexus: httpUrl('nexus').optional(),
    registries: z
      .array(ProfileRegistrySchema)
      .min(1, { message: 'must list at least one registry' })
      .max(32)
      .refine((registries) => new Set(registries.map((r) => r.host.toLowerCase())).size === registries.length, { message: 'lists the same host twice' }),
    /** Registry mirrors, in preference order. */
    mirrors: z.array(httpUrl('each mirror')).max(32).default([]),
    lang: z.enum(['en', 'zh-CN']).optional(),
  })
  .strict();
export type Profile = z.infer<typeof ProfileSchema>;

/** A profile as loaded: where it came from, for the screen and the plan's reason. */
export const LoadedProfileSchema = z.object({ source: z.string(), profile: ProfileSchema }).strict();
export type LoadedProfile = z.infer<typeof LoadedProfileSchema>;
