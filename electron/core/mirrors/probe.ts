import type { SecureContext } from 'node:tls';
import { type Message, type MessageCode, msg } from '../../../shared/message';
import type { MirrorCandidate, ProbeEvent, ProbeResult, ProbeStatus } from '../../../shared/mirrors';
import { DocksideError } from '../errors';
import { anonymousAuthorization } from './anonymous-token';
import { type HubImage, hubImage } from './hub-image';
import { fetchManifest } from './manifest';
import { ProbeFailure } from './probe-failure';
import { ProbeHttp, trustContext } from './probe-http';
import { checkRegistry } from './registry-check';
import { blobThroughput, type Measurement, medianLatency } from './timing';

/**
 * `mirrors probe`: every candidate checked for being a registry that really serves Docker Hub
 * (a manifest fetched through it, anonymously, as Docker pulls through a mirror), then timed.
 * All at once by default, each under one AbortSignal that fires at its timeout or at the
 * overall deadline, whichever comes first, so a silent host costs its timeout and no more.
 */

export interface ProbeOptions {
  /** 'library/busybox:latest' (a bare 'busybox' or 'busybox:1' is normalised to library/...:tag). */
  image: string;
  /** Per candidate. */
  timeoutMs: number;
  /** Overall: the whole run ends by then, whatever happens; candidates not started by then are reported as timeouts. */
  deadlineMs: number;
  /** Extra PEM CAs trusted for https candidates, on top of Node's default roots (undefined: Node's default roots). */
  ca?: string[];
  /** Default: all at once. */
  concurrency?: number;
  /** GET /v2/ requests whose median is the latency; default 3. */
  latencySamples?: number;
  /** The most of one blob read to time throughput; default 2 MiB. */
  blobCapBytes?: number;
  /** Called synchronously; must not throw. */
  onEvent?: (event: ProbeEvent) => void;
  /** performance.now by default. */
  now?: () => number;
}

type Step = Extract<ProbeEvent, { type: 'step' }>['step'];

const DEFAULT_LATENCY_SAMPLES = 3;
const DEFAULT_BLOB_CAP_BYTES = 2 * 1024 * 1024;

/** Probes every candidate; the results come in the candidates' order (rankResults orders them). */
export async function probeMirrors(candidates: MirrorCandidate[], options: ProbeOptions): Promise<{ results: ProbeResult[]; elapsedMs: number }> {
  checkOptions(options);
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  const run: Run = {
    image: hubImage(options.image),
    timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs,
    deadlineAt: startedAt + options.deadlineMs,
    secureContext: trustContext(options.ca),
    latencySamples: options.latencySamples ?? DEFAULT_LATENCY_SAMPLES,
    blobCapBytes: options.blobCapBytes ?? DEFAULT_BLOB_CAP_BYTES,
    now,
    emit: (event) => options.onEvent?.(event),
  };
  const total = candidates.length;
  const results: ProbeResult[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < total; index = next++) {
      const candidate = candidates[index] as MirrorCandidate;
      run.emit({ type: 'started', url: candidate.url, total });
      const result = deadlineReached(run) ? new CandidateProbe(candidate, run).notProbed() : await probeCandidate(candidate, run);
      results[index] = result;
      run.emit({ type: 'result', result, done: ++done, total });
    }
  };
  const workers = Math.min(options.concurrency ?? total, total);
  await Promise.all(Array.from({ length: workers }, worker));
  return { results, elapsedMs: round(now() - startedAt) };
}

/**
 * Timers fire on the event loop's whole milliseconds, up to one before `now()` says the
 * deadline came: a candidate ended by it leaves the next one less than 1 ms, which is no turn.
 */
function deadlineReached(run: Run): boolean {
  return run.deadlineAt - run.now() < 1;
}

const STATUS_ORDER: readonly ProbeStatus[] = ['usable', 'not-a-mirror', 'auth-required', 'not-a-registry', 'tls-error', 'timeout', 'unreachable', 'error'];

/**
 * Usable first, fastest first (latency, then throughput; unmeasured last); then the rest by
 * how close each came to being usable, in their given order within a status.
 */
export function rankResults(results: ProbeResult[]): ProbeResult[] {
  const byStatus = (r: ProbeResult): number => STATUS_ORDER.indexOf(r.status);
  return [...results].sort(
    (a, b) => byStatus(a) - byStatus(b) || (a.usable && b.usable ? nullsLast(a.latencyMs, b.latencyMs) || nullsLast(b.throughputKBps, a.throughputKBps) : 0),
  );
}

/** Ascending, null after every number. */
function nullsLast(a: number | null, b: number | null): number {
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  return a - b;
}

function checkOptions(options: ProbeOptions): void {
  const wrong = (key: MessageCode, got: number): never => {
    throw new DocksideError('bad-probe-options', key, { got: String(got) });
  };
  if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) wrong('probe.error.bad-probe-options.timeout', options.timeoutMs);
  if (!(options.deadlineMs >= 0) || !Number.isFinite(options.deadlineMs)) wrong('probe.error.bad-probe-options.deadline', options.deadlineMs);
  if (options.concurrency !== undefined && !(Number.isInteger(options.concurrency) && options.concurrency >= 1)) wrong('probe.error.bad-probe-options.concurrency', options.concurrency);
  if (options.latencySamples !== undefined && !(Number.isInteger(options.latencySamples) && options.latencySamples >= 0)) wrong('probe.error.bad-probe-options.latency-samples', options.latencySamples);
  if (options.blobCapBytes !== undefined && !(Number.isInteger(options.blobCapBytes) && options.blobCapBytes >= 1)) wrong('probe.error.bad-probe-options.blob-cap', options.blobCapBytes);
}

/** What every candidate's probe shares. */
interface Run {
  image: HubImage;
  timeoutMs: number;
  deadlineMs: number;
  deadlineAt: number;
  secureContext: SecureContext | undefined;
  latencySamples: number;
  blobCapBytes: number;
  now: () => number;
  emit: (event: ProbeEvent) => void;
}

/**
 * One candidate under its one signal. The steps run in the background of a race with the
 * candidate's time limit: when the time is up the result is given at once (the signal then
 * unwinds the requests and the Agent is destroyed), so no server can hold the run past it.
 */
async function probeCandidate(candidate: MirrorCandidate, run: Run): Promise<ProbeResult> {
  const probe = new CandidateProbe(candidate, run);
  const controller = new AbortController();
  const http = new ProbeHttp({ secureContext: run.secureContext, timeoutMs: run.timeoutMs, signal: controller.signal });
  const limitAt = Math.min(probe.startedAt + run.timeoutMs, run.deadlineAt);
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => {
      const failure = probe.timeoutFailure(run.deadlineAt < probe.startedAt + run.timeoutMs);
      resolve(probe.conclude(probe.timedOut(failure)));
      controller.abort(failure);
    }, limitAt - probe.startedAt);
  });
  // The steps turn every error into a result. Destroying the Agent cannot fail in a way the
  // result should show, so its error is dropped.
  const work = probe
    .steps(http)
    .then((result) => probe.conclude(result))
    .finally(() => http.close().catch(() => undefined));
  try {
    return await Promise.race([work, timeUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** The state of one candidate's probe, and the results it can end with. */
class CandidateProbe {
  readonly startedAt: number;
  private step: Step = 'registry';
  private outcome: ProbeResult | undefined;
  /** How the manifest was reached, once it was: the candidate is usable from then on. */
  private access: 'anonymous-token' | 'no-credentials' | undefined;
  private latency: Measurement | undefined;
  private throughput: Measurement | undefined;

  constructor(
    private readonly candidate: MirrorCandidate,
    private readonly run: Run,
  ) {
    this.startedAt = run.now();
  }

  async steps(http: ProbeHttp): Promise<ProbeResult> {
    const { image, latencySamples, blobCapBytes, now } = this.run;
    try {
      const base = candidateUrl(this.candidate.url);
      this.enter('registry');
      const challenge = await checkRegistry(http, base);
      let authorization: string | undefined;
      if (challenge) {
        this.enter('token');
        authorization = await anonymousAuthorization(http, base, challenge, image);
      }
      this.enter('manifest');
      const manifest = await fetchManifest(http, base, image, authorization);
      this.access = authorization ? 'anonymous-token' : 'no-credentials';
      this.enter('latency');
      this.latency = await medianLatency(http, base, latencySamples, now);
      this.enter('throughput');
      this.throughput = await blobThroughput(http, base, image, authorization, manifest, blobCapBytes, now);
      return this.usable();
    } catch (error) {
      if (error instanceof ProbeFailure) return this.result(error.status, error.reason);
      const detail = error instanceof Error ? error.message : String(error);
      return this.result('error', msg(`probe.verdict.error.unexpected.${this.step}`, { url: this.candidate.url, detail }));
    }
  }

  /** The first result given is the one that counts: after the time is up, the steps finishing late change nothing. */
  conclude(result: ProbeResult): ProbeResult {
    this.outcome ??= result;
    return this.outcome;
  }

  timeoutFailure(byDeadline: boolean): ProbeFailure {
    const { url } = this.candidate;
    const reason = byDeadline
      ? msg(`probe.verdict.timeout.deadline.${this.step}`, { url, ms: this.run.deadlineMs })
      : msg(`probe.verdict.timeout.${this.step}`, { url, ms: this.run.timeoutMs });
    return new ProbeFailure('timeout', reason);
  }

  /** The time is up: a timeout, unless the manifest was already served (then it is usable, timed or not). */
  timedOut(failure: ProbeFailure): ProbeResult {
    return this.access === undefined ? this.result(failure.status, failure.reason) : this.usable();
  }

  /** The overall deadline passed before this candidate's turn. */
  notProbed(): ProbeResult {
    return this.result('timeout', msg('probe.verdict.timeout.not-probed', { ms: this.run.deadlineMs }));
  }

  private enter(step: Step): void {
    if (this.outcome) return;
    this.step = step;
    this.run.emit({ type: 'step', url: this.candidate.url, step });
  }

  private usable(): ProbeResult {
    const latency = this.latency ?? { value: null, notes: [msg('probe.timing.latency-time-up')] };
    const throughput = this.throughput ?? { value: null, notes: [msg('probe.timing.throughput-time-up')] };
    const reason = msg(`probe.verdict.usable.${this.access ?? 'no-credentials'}`, { image: this.run.image.name });
    return { ...this.result('usable', reason, latency.value, throughput.value), timing: [...latency.notes, ...throughput.notes] };
  }

  private result(status: ProbeStatus, reason: Message, latencyMs: number | null = null, throughputKBps: number | null = null): ProbeResult {
    const { url, sources, label } = this.candidate;
    return {
      url,
      sources: [...sources],
      ...(label === undefined ? {} : { label }),
      status,
      usable: status === 'usable',
      reason,
      latencyMs: latencyMs === null ? null : round(latencyMs),
      throughputKBps: throughputKBps === null ? null : round(throughputKBps),
      elapsedMs: round(this.run.now() - this.startedAt),
    };
  }
}

/** Candidates come normalised from collectCandidates, but the prober is also called directly. */
function candidateUrl(url: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
    // The base of every request: `v2/` must resolve below a path prefix, not replace its last segment.
    if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
    return parsed;
  }
  throw new ProbeFailure('error', msg('probe.verdict.error.not-a-url', { url: JSON.stringify(url) }));
}

/** To 0.1: finer digits of a millisecond or a KB/s are noise. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
