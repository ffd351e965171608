import * as z from 'zod';

/** How Docker runs on this machine (DESIGN §4 `--engine`); decides where daemon.json lives and how to reload. */
export const ENGINE_KINDS = ['systemd', 'sysv', 'openrc', 'rootless', 'desktop', 'pidfile', 'none'] as const;
export const EngineKindSchema = z.enum(ENGINE_KINDS);
export type EngineKind = z.infer<typeof EngineKindSchema>;

export const EngineSpecSchema = z
  .object({
    kind: EngineKindSchema,
    /** Only for `pidfile`: the file holding dockerd's pid. */
    pidfile: z.string().min(1).optional(),
    /** DOCKER_HOST for `docker info`; sudo resets the environment, so the plan carries it. */
    dockerHost: z.string().min(1).optional(),
  })
  .strict()
  .refine((spec) => (spec.kind === 'pidfile') === (spec.pidfile !== undefined), {
    message: 'pidfile is given exactly when the engine kind is pidfile', // verbatim: zod's schema check, seen only in an internal error
  });
export type EngineSpec = z.infer<typeof EngineSpecSchema>;

/** The registry settings of daemon.json that Dockside owns, as written or as `docker info` reports them. */
export const RegistrySettingsSchema = z
  .object({
    mirrors: z.array(z.string()),
    insecureRegistries: z.array(z.string()),
  })
  .strict();
export type RegistrySettings = z.infer<typeof RegistrySettingsSchema>;

/**
 * One way the running engine differs from daemon.json, in both directions and for both keys:
 * a mirror the file lists that the engine does not use, one the engine still uses, the mirrors
 * in another order (entry: the engine's order), and the same for insecure registries.
 */
export const DriftItemSchema = z
  .object({
    kind: z.enum(['mirror-not-used', 'mirror-still-used', 'mirror-order', 'insecure-not-applied', 'insecure-still-applied']), // verbatim: wire values (engine.drift.<kind>)
    entry: z.string(),
  })
  .strict();
export type DriftItem = z.infer<typeof DriftItemSchema>;
