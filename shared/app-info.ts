import * as z from 'zod';

export const PlatformSchema = z.enum(['linux', 'darwin', 'win32']);

export const AppInfoSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    platform: PlatformSchema,
    arch: z.string(),
    /** The OS's preferred languages, most preferred first (app.getPreferredSystemLanguages()): the renderer starts in the first with a catalog. */
    languages: z.array(z.string()),
  })
  .strict();

export type AppInfo = z.infer<typeof AppInfoSchema>;
