import { z } from 'zod';
import { AppInfoSchema } from './app-info';
import { StatusJsonSchema } from './cli';
import { CredsListJsonSchema, LoginJsonSchema } from './credentials';
import { DoctorJsonSchema } from './doctor';
import type { IpcChannel } from './ipc-channels';
import { MirrorsProbeJsonSchema } from './mirrors';
import { NexusDiscoveryJsonSchema } from './nexus';
import type { Result } from './result';
import { TrustInspectJsonSchema, TrustListJsonSchema } from './trust';

const empty = z.object({}).strict();
/** What the user typed; main validates it further (a registry name, a URL) and says why it is refused. */
const text = z.string().min(1);

/**
 * A Nexus sign-in is all or nothing: a user name without a password (or the reverse) is refused
 * here. The message names the field only: the password never appears in an error.
 */
const NexusDiscoverRequestSchema = z
  .object({ url: text, username: text.optional(), password: text.optional() })
  .strict()
  .superRefine((request, context) => {
    if ((request.username === undefined) !== (request.password === undefined)) {
      context.addIssue({ code: 'custom', path: [request.username === undefined ? 'username' : 'password'], message: 'a user name and a password go together' });
    }
  });

/**
 * The whole contract between renderer and main: each channel's request schema (validated by
 * main before any handler runs) and response schema. Adding a channel here without a handler in
 * electron/main is a compile error there, and without a name in ipc-channels.ts a compile error here.
 * The response shapes are the CLI's `--json` documents (DESIGN §4).
 */
export const ipcContract = {
  'app:info': { request: empty, response: AppInfoSchema },
  'status:get': { request: empty, response: StatusJsonSchema },
  'trust:inspect': { request: z.object({ registry: text }).strict(), response: TrustInspectJsonSchema },
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
} as const satisfies Record<IpcChannel, { request: z.ZodType; response: z.ZodType }>;

type Contract = typeof ipcContract;
export type IpcRequest<C extends IpcChannel> = z.input<Contract[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<Contract[C]['response']>;
export type IpcResult<C extends IpcChannel> = Result<IpcResponse<C>>;

/** What the preload exposes on `window.dockside`; the UI test bridge implements the same shape. */
export interface DocksideApi {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>>;
}
