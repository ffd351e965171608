import * as z from 'zod';

/** The two commands the desktop installation can put on the user's PATH (Docker Desktop's user mode). */
export const USER_COMMAND_NAMES = ['dockside', 'docker-credential-dockside'] as const;

/** One change to the user's files: a link in ~/.docker/bin, or the PATH line in the shell profile. */
export const UserCommandChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), path: z.string(), target: z.string() }).strict(),
  z.object({ kind: z.literal('profile-line'), path: z.string(), line: z.string() }).strict(),
]);
export type UserCommandChange = z.infer<typeof UserCommandChangeSchema>;

export const UserCommandStateSchema = z
  .object({
    name: z.enum(USER_COMMAND_NAMES),
    /** The installation's launcher it links to; null when this installation has none. */
    source: z.string().nullable(),
    /** ours: the link to `source`; missing: nothing there; foreign: another file, never replaced. */
    link: z.enum(['ours', 'missing', 'foreign']),
    /** Where PATH finds the command now, or null. */
    foundAt: z.string().nullable(),
  })
  .strict();

/** Whether the commands are on PATH, and what putting them there would change. */
export const UserCommandsStatusSchema = z
  .object({
    /** false on Windows, where the installer puts the launchers on PATH. */
    supported: z.boolean(),
    /** The app offers the change: packaged on macOS, or the helper is not on PATH (or Dockside put it there). */
    offer: z.boolean(),
    launchersDir: z.string().nullable(),
    binDir: z.string(),
    profile: z.object({ path: z.string(), line: z.string(), present: z.boolean() }).strict(),
    commands: z.array(UserCommandStateSchema),
    /** Every link that can be made is ours and the profile line is there. */
    installed: z.boolean(),
    /** What install would change now, in order; empty when installed. */
    pending: z.array(UserCommandChangeSchema),
  })
  .strict();
export type UserCommandsStatus = z.infer<typeof UserCommandsStatusSchema>;

/** install or remove: what was changed (nothing on a second run), and the status after. */
export const UserCommandsResultSchema = z.object({ changed: z.array(UserCommandChangeSchema), status: UserCommandsStatusSchema }).strict();
export type UserCommandsResult = z.infer<typeof UserCommandsResultSchema>;
