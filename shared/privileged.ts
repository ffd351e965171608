import * as z from 'zod';

/**
 * What the elevated process accepts (DESIGN §2): the user's INTENT, never effects. Paths,
 * file contents, modes, the engine and how to reach it are derived as root from root-owned
 * sources; the caller names only what should change and what it saw before (a digest per file),
 * so a preview cannot silently become something else. One argv word: base64 of this JSON.
 */

/** Linux caps one argument at 128 KiB (MAX_ARG_STRLEN); the request stays well below, encoded. */
export const PRIVILEGED_REQUEST_MAX_BYTES = 96 * 1024;
/** A CA bundle larger than this is not a CA (certs.d holds a handful of certificates). */
export const CA_PEM_MAX_BYTES = 64 * 1024;

/** 3: the OS trust store (osTrust, osUntrust, and their files in expectedBefore). */
export const PRIVILEGED_REQUEST_VERSION = 3;

export const ChangeIdSchema = z.string().regex(/^[0-9A-Za-z-]{8,64}$/);

const HostSchema = z.string().min(1).max(300);
/** A file as the preview saw it: the sha256 of its bytes, or null when it did not exist. */
const DigestSchema = z.string().regex(/^[0-9a-f]{64}$/).nullable();

/** The files the change will touch, as the preview saw them; a file the elevated side would touch but that is not named here is refused. */
export const ExpectedBeforeSchema = z
  .object({
    daemonJson: DigestSchema.optional(),
    /** Keyed by the registry's certs.d name (host[:port]): its ca.crt. */
    certs: z.record(HostSchema, DigestSchema),
    /** Keyed by the OS store anchor's file name (`dockside-<sha256 prefix>.crt`). */
    osAnchors: z.record(z.string().regex(/^dockside-[0-9a-f]{16}\.crt$/), DigestSchema).optional(),
    /** Root's record of which registries asked for which OS store anchor. */
    osTrustRecord: DigestSchema.optional(),
  })
  .strict();
export type ExpectedBefore = z.infer<typeof ExpectedBeforeSchema>;

/**
 * Which engine and files, as the caller chose them (`--engine`, `--daemon-json`, `--certs-dir`,
 * DOCKER_HOST). Honoured only when the caller is root itself; a caller elevated from a user may
 * only name what the root-owned /etc/dockside/engine.json (or the defaults) says.
 */
export const EngineTargetSchema = z
  .object({
    engine: z.string().min(1).max(4096).optional(),
    daemonJson: z.string().min(1).max(4096).optional(),
    certsDir: z.string().min(1).max(4096).optional(),
    dockerHost: z.string().min(1).max(4096).optional(),
  })
  .strict();
export type EngineTarget = z.infer<typeof EngineTargetSchema>;

/** auto: reload when only live-reloadable keys change, else restart; reload: never restart; restart: always. */
export const EngineActionSchema = z.enum(['auto', 'reload', 'restart']);
export type EngineAction = z.infer<typeof EngineActionSchema>;

export const RuntimeSchema = z.enum(['docker']);

const common = {
  version: z.literal(PRIVILEGED_REQUEST_VERSION),
  /** Also the journal entry's id. */
  id: ChangeIdSchema,
  runtime: RuntimeSchema,
  engineAction: EngineActionSchema,
  expectedBefore: ExpectedBeforeSchema,
  target: EngineTargetSchema,
};

export const ApplyRequestSchema = z
  .object({
    ...common,
    action: z.literal('apply'),
    /** registry-mirrors exactly so, in order; null leaves the key as it is. */
    mirrors: z.array(z.string().max(2048)).max(64).nullable(),
    /** insecure-registries exactly so; null leaves the key as it is. */
    insecureRegistries: z.array(HostSchema).max(256).nullable(),
    /** CAs to install as `<certs.d>/<host>/ca.crt`: PEM certificates only. */
    trust: z.array(z.object({ host: HostSchema, caPem: z.string().min(1).max(CA_PEM_MAX_BYTES) }).strict()).max(32),
    /** Registries whose ca.crt Dockside removes. */
    untrust: z.array(HostSchema).max(32),
    /** CAs the user asked to trust in the OS store too (every program, every website): one PEM certificate each. */
    osTrust: z.array(z.object({ host: HostSchema, caPem: z.string().min(1).max(CA_PEM_MAX_BYTES) }).strict()).max(32),
    /** Registries that no longer need their CA in the OS store; the file goes only when Dockside made it and no registry needs it. */
    osUntrust: z.array(HostSchema).max(32),
    /** `--allow-public-registry`: the user typed it; a profile never sets it. */
    allowPublicRegistry: z.boolean(),
  })
  .strict();
export type ApplyRequest = z.infer<typeof ApplyRequestSchema>;

export const RollbackRequestSchema = z
  .object({
    ...common,
    action: z.literal('rollback'),
    /** The journal entry (in the elevated side's own journal) to undo. */
    journalId: ChangeIdSchema,
  })
  .strict();
export type RollbackRequest = z.infer<typeof RollbackRequestSchema>;

export const PrivilegedRequestSchema = z.discriminatedUnion('action', [ApplyRequestSchema, RollbackRequestSchema]);
export type PrivilegedRequest = z.infer<typeof PrivilegedRequestSchema>;

/** Where the root-owned engine override lives; its path is fixed, never taken from the caller. */
export const ENGINE_OVERRIDE_FILE = '/etc/dockside/engine.json';

/**
 * `/etc/dockside/engine.json` (root:root, not writable by others, every ancestor checked): the
 * engine and files of an unusual install (an isolated dockerd, another daemon.json), and the
 * state directory for the journal and backups. Read by the CLI and the app as the default
 * target, and by the elevated process as the only source besides its built-in defaults.
 */
export const EngineOverrideFileSchema = z
  .object({
    /** systemd | sysv | openrc | none | pidfile:/abs/path (the pidfile's process must run as root from a root-owned binary). */
    engine: z.string().min(1).max(4096).optional(),
    daemonJson: z.string().min(1).max(4096).optional(),
    certsDir: z.string().min(1).max(4096).optional(),
    /** unix:///abs/path.sock only: verification talks to this socket and nothing else. */
    dockerHost: z.string().min(1).max(4096).optional(),
    stateDir: z.string().min(1).max(4096).optional(),
    /** How many of Dockside's backups of each file to keep (newest first); 10 when not set. */
    keepBackups: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type EngineOverrideFile = z.infer<typeof EngineOverrideFileSchema>;
