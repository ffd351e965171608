import * as z from 'zod';
import { AppInfoSchema } from './app-info';
import { StatusJsonSchema } from './cli';
import { CredsListJsonSchema, CredsMigrateJsonSchema, LoginCheckJsonSchema, LoginJsonSchema, LogoutJsonSchema } from './credentials';
import { DoctorJsonSchema } from './doctor';
import { HistoryJsonSchema } from './history';
import { LANGUAGE_CODES } from './i18n/languages';
import type { IpcChannel, IpcEventName } from './ipc-channels';
import type { MessageCode } from './message';
import { MirrorsProbeJsonSchema, ProbeEventSchema } from './mirrors';
import { NexusDiscoveryJsonSchema } from './nexus';
import { CA_PEM_MAX_BYTES } from './privileged';
import { LoadedProfileSchema, ProfileRegistryStateSchema } from './profile';
import { MessageSchema } from './message';
import type { Result } from './result';
import { AppliedChangeSchema, ChangeItemSchema } from './setup';
import { TrustInspectJsonSchema, TrustListJsonSchema } from './trust';
import { UserCommandsResultSchema, UserCommandsStatusSchema } from './user-commands';

const empty = z.object({}).strict();
/** What the user typed; main validates it further (a registry name, a URL) and says why it is refused. */
const text = z.string().min(1);

/**
 * A Nexus sign-in is all or nothing: a user name without a password (or the reverse) is refused
 * here, with a catalog sentence (dispatch reads `params.key`). The error names the field only:
 * the password never appears in an error.
 */
const NexusDiscoverRequestSchema = z
  .object({ url: text, username: text.optional(), password: text.optional() })
  .strict()
  .superRefine((request, context) => {
    if ((request.username === undefined) !== (request.password === undefined)) {
      const key = 'desktop.error.invalid-request.sign-in-pair' satisfies MessageCode;
      context.addIssue({ code: 'custom', path: [request.username === undefined ? 'username' : 'password'], message: key, params: { key } });
    }
  });

const signIn = z.object({ username: text, password: text }).strict();

/**
 * Where the CA comes from when the registry does not send it: a URL the user typed (fetched
 * untrusted, so it needs the fingerprint, which picks the certificate), or the text of a CA file
 * the renderer read. Neither given: the CA the registry sends.
 */
const caSource = {
  caUrl: text.optional(),
  caPem: z.string().min(1).max(CA_PEM_MAX_BYTES).optional(),
  /** The file's name, so that messages about its text name it. */
  caPemName: z.string().min(1).max(255).optional(),
};

/**
 * Setup as one change: each registry's CA (when a fingerprint is given: the CA the user was
 * shown, pinned), its sign-in, and the mirrors. The passwords stay in main with the plan until
 * it is applied or forgotten; they are never part of the plan itself.
 */
const SetupRequestSchema = z
  .object({
    kind: z.literal('setup'),
    registries: z
      .array(
        z
          .object({
            registry: text,
            fingerprint: text.optional(),
            ...caSource,
            /** Also into the OS trust store: main asks again in its own dialog, since every website is then trusted by it. */
            osStore: z.boolean().optional(),
            signIn: signIn.optional(),
            /** Plain HTTP (a profile's `insecure` registry): the host joins daemon.json's insecure-registries. */
            insecure: z.boolean().optional(),
          })
          .strict(),
      )
      .max(16),
    mirrors: z.object({ urls: z.array(text).min(1), insecure: z.boolean().optional() }).strict().optional(),
  })
  .strict();

/**
 * The wizard's profile mode (issue 18): the whole profile as `dockside profile apply` plans it
 * (main surveys every registry again and plans with the same core function), with the mirrors
 * the user kept, in their order, and a user name and password per registry that asks (one
 * account for all, or one each). The passwords stay in main with the plan, as for a setup.
 */
const ProfilePlanRequestSchema = z
  .object({
    kind: z.literal('profile'),
    profile: LoadedProfileSchema,
    mirrors: z.array(text).max(32),
    signIns: z.array(z.object({ registry: text, username: text, password: text }).strict()).max(32),
  })
  .strict();

/**
 * The user's own answer to the red confirmation after a `public-registry` refusal (the CLI's
 * `--allow-public-registry`): give a public registry (docker.io, ghcr.io, quay.io...) a CA, or
 * mark it insecure, anyway. Only the user's single changes take it; a setup, which carries a
 * profile's registries and mirrors, never does (its schema refuses the key), so a profile cannot set it.
 */
const allowPublicRegistry = z.boolean();

/**
 * What the renderer may ask main to plan: a closed list of changes, each with only what the user
 * chose. main builds the Plan itself and keeps it; the renderer sees its summary and its id only.
 */
const ChangePlanRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('trust-add'), registry: text, fingerprint: text.optional(), allowPublicRegistry: allowPublicRegistry.optional() }).strict(),
  z.object({ kind: z.literal('trust-remove'), registry: text }).strict(),
  z.object({ kind: z.literal('mirrors-use'), urls: z.array(text).min(1), insecure: z.boolean().optional(), allowPublicRegistry: allowPublicRegistry.optional() }).strict(),
  z.object({ kind: z.literal('mirrors-clear') }).strict(),
  z.object({ kind: z.literal('rollback') }).strict(),
  SetupRequestSchema,
  ProfilePlanRequestSchema,
]);

/** A planned change as the renderer sees it: null planId = nothing to do. */
const ChangePlanSchema = z
  .object({
    planId: z.string().nullable(),
    reason: MessageSchema.nullable(),
    diff: z.string(),
    steps: z.array(MessageSchema),
    /** Every file, keychain item and engine action the change touches, in order. */
    changes: z.array(ChangeItemSchema),
    warnings: z.array(MessageSchema),
  })
  .strict();

/**
 * The whole contract between renderer and main: each channel's request schema (validated by
 * main before any handler runs) and response schema. Adding a channel here without a handler in
 * electron/main is a compile error there, and without a name in ipc-channels.ts a compile error here.
 * The response shapes are the CLI's `--json` documents (DESIGN §4).
 */
export const ipcContract = {
  'app:info': { request: empty, response: AppInfoSchema },
  'status:get': { request: empty, response: StatusJsonSchema },
  /** The registry's chain as Docker judges it; with a CA source, judged with that CA (the one that would be installed). */
  'trust:inspect': { request: z.object({ registry: text, fingerprint: text.optional(), ...caSource }).strict(), response: TrustInspectJsonSchema },
  'trust:list': { request: empty, response: TrustListJsonSchema },
  'creds:list': { request: empty, response: CredsListJsonSchema },
  /** The password travels only in this request: never logged, never in an error. */
  login: { request: z.object({ registry: text, username: text, password: text }).strict(), response: LoginJsonSchema },
  'nexus:discover': { request: NexusDiscoverRequestSchema, response: NexusDiscoveryJsonSchema },
  'mirrors:probe': {
    request: z
      .object({
        urls: z.array(text),
        nexus: text.optional(),
        image: text.optional(),
        timeoutMs: z.number().int().min(100).max(600_000).optional(),
      })
      .strict(),
    response: MirrorsProbeJsonSchema,
  },
  'doctor:run': { request: z.object({ target: text.optional(), image: text.optional() }).strict(), response: DoctorJsonSchema },
  /** Builds the plan in main and keeps it there, keyed by planId; the renderer gets what to show. */
  'change:plan': { request: ChangePlanRequestSchema, response: ChangePlanSchema },
  /**
   * Applies a plan from change:plan, once, through one elevation, after main's own confirmation
   * (worded by main, in `language`, the one the user chose in the app); progress comes as `change:progress` events.
   */
  'change:apply': { request: z.object({ planId: text, language: z.enum(LANGUAGE_CODES).optional() }).strict(), response: AppliedChangeSchema },
  'creds:migrate': { request: z.object({ dryRun: z.boolean() }).strict(), response: CredsMigrateJsonSchema },
  logout: { request: z.object({ registry: text }).strict(), response: LogoutJsonSchema },
  /**
   * Checks a user name and password with the registry (once: never retried), storing nothing.
   * `fingerprint` is the CA the user accepted on Trust but not yet installed (from the registry, or
   * from the URL or file given there): the check trusts it too.
   */
  'login:check': { request: z.object({ registry: text, username: text, password: text, fingerprint: text.optional(), ...caSource }).strict(), response: LoginCheckJsonSchema },
  'history:list': { request: empty, response: HistoryJsonSchema },
  /** A profile from an https URL, or the text of a file the user picked. */
  'profile:load': {
    request: z.union([z.object({ url: text }).strict(), z.object({ text: text, name: text }).strict()]),
    response: LoadedProfileSchema,
  },
  /**
   * The `dockside://profile?url=` link main received (at start, or since it was last asked),
   * taken: a second call answers null until another link arrives.
   */
  'profile:pending': { request: empty, response: z.object({ url: z.string().nullable() }).strict() },
  /** Every registry of the profile against this machine, as `profile check` examines it: who asks for credentials, what is trusted. Nothing is sent but anonymous pings. */
  'profile:survey': { request: z.object({ profile: LoadedProfileSchema }).strict(), response: z.object({ registries: z.array(ProfileRegistryStateSchema) }).strict() },
  /** Are dockside and docker-credential-dockside on PATH, and what would putting them there change (the user's own files only)? */
  'path:status': { request: empty, response: UserCommandsStatusSchema },
  /** Links the two launchers into ~/.docker/bin and adds Dockside's one PATH line to the shell profile; a second call changes nothing. */
  'path:install': { request: empty, response: UserCommandsResultSchema },
  /** Removes exactly those links and that line. */
  'path:remove': { request: empty, response: UserCommandsResultSchema },
} as const satisfies Record<IpcChannel, { request: z.ZodType; response: z.ZodType }>;

type Contract = typeof ipcContract;
export type IpcRequest<C extends IpcChannel> = z.input<Contract[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<Contract[C]['response']>;
export type IpcResult<C extends IpcChannel> = Result<IpcResponse<C>>;

/** The events main sends to the renderer, each with the schema main checks its payload against before sending. */
export const ipcEvents = {
  /** Each mirror's probe as it goes (`mirrors:probe`). */
  'mirrors:probe-progress': ProbeEventSchema,
  /** Each step of `change:apply`, as the privileged process reports it. */
  'change:progress': z.object({ type: z.literal('progress'), message: MessageSchema }).strict(),
  /** A `dockside://profile?url=` link arrived while the app runs: the https URL of the profile to open. */
  'profile:open': z.object({ url: z.string() }).strict(),
} as const satisfies Record<IpcEventName, z.ZodType>;

export type IpcEvent<E extends IpcEventName> = z.output<(typeof ipcEvents)[E]>;
/** How main (and the UI test bridge) sends an event to the renderer. */
export type EmitEvent = <E extends IpcEventName>(name: E, payload: IpcEvent<E>) => void;

/** What the preload exposes on `window.dockside`; the UI test bridge implements the same shape. */
export interface DocksideApi {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>>;
  /** Listens to one event; returns the function that stops listening. */
  onEvent<E extends IpcEventName>(name: E, listener: (payload: IpcEvent<E>) => void): () => void;
}
