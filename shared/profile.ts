import * as z from 'zod';
import { ChangeJsonSchema } from './cli';
import { LoginJsonSchema } from './credentials';
import { ProbeResultSchema } from './mirrors';
import { MessageSchema } from './message';
import { ErrorValueSchema } from './result';
import { ChangeItemSchema } from './setup';

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

/** The profile a report is about. */
export const ProfileSummarySchema = z.object({ name: z.string(), source: z.string() }).strict();

/** One registry of the profile against this machine: what apply does (did) for it. */
export const ProfileRegistryStateSchema = z
  .object({
    host: z.string(),
    pull: z.boolean(),
    push: z.boolean(),
    insecure: z.boolean(),
    trust: z
      .object({
        /**
         * install: the pinned CA goes into certs.d; installed: certs.d holds it already; system:
         * the system's CAs make Docker trust it; plain-http: no TLS (it joins insecure-registries).
         * A registry Docker does not trust, with no pin to install, is refused (registry-untrusted).
         */
        state: z.enum(['install', 'installed', 'system', 'plain-http']),
        /** SHA-256 of the CA that makes Docker trust it (`AB:CD:...`); null when there is none. */
        fingerprint: z.string().nullable(),
      })
      .strict(),
    signIn: z
      .object({
        /** sign-in: apply signs in; signed-in: the keychain holds this user's credentials already; anonymous: the registry asks for none. */
        state: z.enum(['sign-in', 'signed-in', 'anonymous']),
        /** Who signs in (or is signed in); null when anonymous, or when the user is asked for at apply. */
        username: z.string().nullable(),
      })
      .strict(),
  })
  .strict();
export type ProfileRegistryState = z.infer<typeof ProfileRegistryStateSchema>;

/** `dockside profile apply --json`: the change document plus, per registry, what was done, and the sign-ins stored. */
export const ProfileApplyJsonSchema = ChangeJsonSchema.extend({
  profile: ProfileSummarySchema,
  registries: z.array(ProfileRegistryStateSchema),
  /** Every file, keychain item and engine action of the change. */
  changes: z.array(ChangeItemSchema),
  logins: z.array(LoginJsonSchema),
}).strict();
export type ProfileApplyJson = z.infer<typeof ProfileApplyJsonSchema>;

/** `dockside profile check --json`: every endpoint probed, and what apply would change; nothing is changed. */
export const ProfileCheckJsonSchema = z
  .object({
    profile: ProfileSummarySchema,
    /** state is null when the registry could not be examined; problem says why. */
    registries: z.array(z.object({ host: z.string(), state: ProfileRegistryStateSchema.nullable(), problem: ErrorValueSchema.nullable() }).strict()),
    mirrors: z.array(ProbeResultSchema),
    nexus: z.object({ url: z.string(), version: z.string().nullable(), available: z.boolean().nullable(), problem: ErrorValueSchema.nullable() }).strict().nullable(),
    /** What apply would touch; its sign-ins are listed for the registries that need one. */
    changes: z.array(ChangeItemSchema),
    diff: z.string(),
    steps: z.array(MessageSchema),
    /** Everything that would make apply fail or leave Docker unable to use an endpoint; empty: apply would work. */
    problems: z.array(z.string()),
  })
  .strict();
export type ProfileCheckJson = z.infer<typeof ProfileCheckJsonSchema>;
