import * as z from 'zod';
import { ChangeJsonSchema } from './cli';
import { LoginJsonSchema } from './credentials';
import { type Message, type MessageCode, MessageSchema, msg } from './message';
import { ProbeResultSchema } from './mirrors';
import { ErrorValueSchema, type FileProblem } from './result';
import { CA_PEM_MAX_BYTES } from './privileged';
import { ChangeItemSchema } from './setup';

/**
 * An organisation profile (DESIGN §4): what a platform team publishes (a file, or an https URL
 * such as a Nexus raw repository) so a workstation is set up in one step. Versioned; every
 * field is checked, and an error names the field. Each schema message is a catalog code
 * (`profile.invalid.*`); fileProblems turns zod's issues into catalog messages.
 */

/** host[:port] as Docker names a registry; core checks the name further before it becomes a path. */
const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
/** sha256 of the CA as `openssl x509 -fingerprint -sha256` prints it, with or without colons and the `sha256:` prefix. */
const FINGERPRINT = /^(?:sha256:)?(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^(?:sha256:)?[0-9A-Fa-f]{64}$/;

const httpUrl = (message: MessageCode) => z.url({ protocol: /^https?$/, message });

/** At least one PEM certificate block; core reads it further (policeCaPem) before it is trusted. */
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** The text's size in UTF-8, as the elevated process counts it (shared code has no Buffer or TextEncoder). */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const point = char.codePointAt(0) ?? 0;
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export const ProfileRegistrySchema = z
  .object({
    host: z.string().regex(HOST_PORT, { message: 'profile.invalid.host' }),
    /** Images are pulled from here. */
    pull: z.boolean().optional(),
    /** Images are pushed here (Nexus: a hosted repository's connector, or the nginx front that routes PUT to it). */
    push: z.boolean().optional(),
    /** Plain HTTP: joins insecure-registries (no CA, no TLS). */
    insecure: z.boolean().optional(),
    /** Pins the registry's CA, so trusting it needs no guessing. */
    caFingerprint: z.string().regex(FINGERPRINT, { message: 'profile.invalid.fingerprint' }).optional(),
    /** Where the CA is published when the server does not send it (Nexus: `https://<nexus>/download/ca.crt`); fetched untrusted, so the pin decides. */
    caUrl: httpUrl('profile.invalid.ca-url').optional(),
    /** The CA itself, as PEM text: the profile is then the pin, caFingerprint optional. */
    caPem: z
      .string()
      .regex(PEM_CERTIFICATE, { message: 'profile.invalid.ca-pem' })
      .refine((text) => utf8Bytes(text) <= CA_PEM_MAX_BYTES, { message: 'profile.invalid.ca-pem-too-big' })
      .optional(),
    /** Also trust the CA in the OS store (every program, every website): apply asks the user every time. */
    osTrust: z.boolean().optional(),
  })
  .strict()
  .superRefine((registry, context) => {
    // A refusal about one field of the registry, as a catalog code.
    const refusal = (message: MessageCode, field: keyof typeof registry) => ({ code: 'custom' as const, message, path: [field] });
    // One refusal per mistake: a plain-HTTP registry has no certificate, so each CA field is refused for that alone.
    if (registry.insecure === true) {
      if (registry.caFingerprint !== undefined) context.addIssue(refusal('profile.invalid.insecure-pin', 'caFingerprint'));
      if (registry.caUrl !== undefined) context.addIssue(refusal('profile.invalid.insecure-ca-url', 'caUrl'));
      if (registry.caPem !== undefined) context.addIssue(refusal('profile.invalid.insecure-ca-pem', 'caPem'));
      if (registry.osTrust === true) context.addIssue(refusal('profile.invalid.insecure-os-trust', 'osTrust'));
      return;
    }
    if (registry.caUrl !== undefined && registry.caPem !== undefined) {
      context.addIssue(refusal('profile.invalid.ca-url-and-pem', 'caPem'));
    } else if (registry.caUrl !== undefined && registry.caFingerprint === undefined) {
      context.addIssue(refusal('profile.invalid.ca-url-needs-fingerprint', 'caUrl'));
    }
    if (registry.osTrust === true && registry.caFingerprint === undefined && registry.caPem === undefined) context.addIssue(refusal('profile.invalid.os-trust-needs-ca', 'osTrust'));
  });
export type ProfileRegistry = z.infer<typeof ProfileRegistrySchema>;

export const ProfileSchema = z
  .object({
    version: z.literal(1, { message: 'profile.invalid.version' }),
    name: z.string().trim().min(1, { message: 'profile.invalid.name' }).max(200),
    nexus: httpUrl('profile.invalid.nexus-url').optional(),
    registries: z
      .array(ProfileRegistrySchema)
      .min(1, { message: 'profile.invalid.registries-empty' })
      .max(32)
      .refine((registries) => new Set(registries.map((r) => r.host.toLowerCase())).size === registries.length, { message: 'profile.invalid.duplicate-host' }),
    /** Registry mirrors, in preference order. */
    mirrors: z.array(httpUrl('profile.invalid.mirror-url')).max(32).default([]),
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
        /**
         * Where the pinned CA comes from: the chain the server sends, the profile's caUrl (fetched;
         * the pin picks the certificate), or its caPem (field: `registries[0].caPem`). null: the
         * profile pins no CA.
         */
        source: z
          .discriminatedUnion('kind', [
            z.object({ kind: z.literal('server') }).strict(),
            z.object({ kind: z.literal('url'), url: z.string() }).strict(),
            z.object({ kind: z.literal('pem'), field: z.string() }).strict(),
          ])
          .nullable(),
        /**
         * The OS trust store (every program, every website): no: the profile does not ask for it;
         * requested: its osTrust asks, and the user has not said yes (profile check, or declined);
         * yes: the user confirmed, the CA goes there too.
         */
        osStore: z.enum(['no', 'requested', 'yes']),
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

/** One reason apply would fail: what it is about (a registry, mirror or Nexus address; '' for the whole change) and the error. */
export const ProfileCheckProblemSchema = z.object({ subject: z.string(), error: ErrorValueSchema }).strict();
export type ProfileCheckProblem = z.infer<typeof ProfileCheckProblemSchema>;

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
    problems: z.array(ProfileCheckProblemSchema),
  })
  .strict();
export type ProfileCheckJson = z.infer<typeof ProfileCheckJsonSchema>;


/** What a value of the wrong JSON type must be instead. */
const EXPECTED: Partial<Record<string, MessageCode>> = {
  string: 'profile.issue.invalid_type.string',
  boolean: 'profile.issue.invalid_type.boolean',
  number: 'profile.issue.invalid_type.number',
  array: 'profile.issue.invalid_type.array',
  object: 'profile.issue.invalid_type.object',
  record: 'profile.issue.invalid_type.object',
};

/**
 * zod's issues as catalog messages, each with the field it is about: the schemas' own messages are
 * catalog codes already; zod's built-in ones (English) are replaced by a key for their issue code.
 * `input` is what was parsed, to tell a missing field from one of the wrong type.
 */
export function fileProblems(error: z.ZodError, input: unknown): FileProblem[] {
  return error.issues.flatMap((issue) => {
    const field = fieldName(issue.path);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: fieldName([...issue.path, key]), problem: msg('profile.issue.unrecognized_key') }));
    return [{ field, problem: problemOf(issue, input) }];
  });
}

function problemOf(issue: z.core.$ZodIssue, input: unknown): Message {
  if (issue.message.startsWith('profile.invalid.')) return msg(issue.message as MessageCode);
  switch (issue.code) {
    case 'invalid_type': {
      if (valueAt(input, issue.path) === undefined) return msg('profile.issue.missing');
      const code = EXPECTED[issue.expected];
      return code === undefined ? msg('profile.issue.invalid_type', { expected: issue.expected }) : msg(code);
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return msg('profile.issue.too_big.string', { maximum });
      if (issue.origin === 'array' || issue.origin === 'object') return msg('profile.issue.too_big.entries', { maximum });
      return msg('profile.issue.too_big', { maximum });
    }
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return msg('profile.issue.too_small.string', { minimum });
      if (issue.origin === 'array' || issue.origin === 'object') return msg('profile.issue.too_small.entries', { minimum });
      return msg('profile.issue.too_small', { minimum });
    }
    case 'invalid_value':
      return msg('profile.issue.invalid_value', { values: issue.values.map((value) => JSON.stringify(value)).join(', ') });
    case 'invalid_format':
      return msg('profile.issue.invalid_format', { format: issue.format });
    default:
      return msg('profile.issue.invalid');
  }
}

/** `registries[0].host` from zod's path; '' for the whole file. */
function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = input;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}
