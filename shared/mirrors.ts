import * as z from 'zod';
import { MessageSchema } from './message';

/**
 * Mirror probing (`dockside mirrors probe`, DESIGN §1 and §4): each candidate is checked for
 * being a registry that really serves Docker Hub content, then timed. Part of the CLI's --json
 * contract and of the progress events the UI shows.
 */

export const CandidateSourceSchema = z.enum(['user', 'profile', 'nexus', 'catalog']);
export type CandidateSource = z.infer<typeof CandidateSourceSchema>;

export const MirrorCandidateSchema = z
  .object({
    /** Normalised: scheme, host[:port], a trailing `/`. */
    url: z.string(),
    /** Every source that named it (a URL named twice is probed once). */
    sources: z.array(CandidateSourceSchema).min(1),
    /** What the catalog or Nexus says about it (who runs it), for the person choosing. */
    label: MessageSchema.optional(),
  })
  .strict();
export type MirrorCandidate = z.infer<typeof MirrorCandidateSchema>;

export const PROBE_STATUSES = [
  /** A registry that served the test image's manifest: use it. */
  'usable',
  /** A registry, but "manifest unknown" (or another 404) for a Docker Hub image: not a Hub mirror (a hosted repository, say). */
  'not-a-mirror',
  /** It asks for credentials even for the token: mirrors are reached anonymously, so Docker cannot use it. */
  'auth-required',
  /** It answers, but not as a registry (no /v2/, a web page, a 400 "Not a Docker request"). */
  'not-a-registry',
  /** TLS failed: an unknown CA, a name or date problem. */
  'tls-error',
  /** Connection refused, host not found, no route. */
  'unreachable',
  /** No answer within the candidate's timeout (or the overall deadline). */
  'timeout',
  'error',
] as const;
export const ProbeStatusSchema = z.enum(PROBE_STATUSES);
export type ProbeStatus = z.infer<typeof ProbeStatusSchema>;

export const ProbeResultSchema = z
  .object({
    url: z.string(),
    sources: z.array(CandidateSourceSchema),
    label: MessageSchema.optional(),
    status: ProbeStatusSchema,
    usable: z.boolean(),
    /** The verdict (`probe.verdict.*`): what was found and what it means. */
    reason: MessageSchema,
    /** Once the manifest was served: the latency and the throughput in words, or why one was not measured. */
    timing: z.array(MessageSchema).optional(),
    /** Median time to first byte of 3 requests, ms; null when not measured. */
    latencyMs: z.number().nonnegative().nullable(),
    /** One blob downloaded up to a size cap, KB/s; null when not measured. */
    throughputKBps: z.number().nonnegative().nullable(),
    /** How long this candidate's probe took, ms. */
    elapsedMs: z.number().nonnegative(),
  })
  .strict();
export type ProbeResult = z.infer<typeof ProbeResultSchema>;

/** Streamed while probing: one line each on the CLI's stderr, a live list in the UI. */
export const ProbeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), url: z.string(), total: z.number().int() }).strict(),
  z.object({ type: z.literal('step'), url: z.string(), step: z.enum(['registry', 'token', 'manifest', 'latency', 'throughput']) }).strict(),
  z.object({ type: z.literal('result'), result: ProbeResultSchema, done: z.number().int(), total: z.number().int() }).strict(),
]);
export type ProbeEvent = z.infer<typeof ProbeEventSchema>;

export const MirrorsProbeJsonSchema = z
  .object({
    /** The Docker Hub image whose manifest proves a mirror, e.g. library/busybox:latest. */
    image: z.string(),
    timeoutMs: z.number().int().positive(),
    elapsedMs: z.number().nonnegative(),
    /** Ranked: usable first (fastest first), then the rest. */
    results: z.array(ProbeResultSchema),
  })
  .strict();
export type MirrorsProbeJson = z.infer<typeof MirrorsProbeJsonSchema>;
