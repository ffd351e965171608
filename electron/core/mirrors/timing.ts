import { type Message, msg } from '../../../shared/message';
import { safeUrl } from '../registry/registry-client';
import type { HubImage } from './hub-image';
import { fetchManifest, isIndex, type Manifest, platformManifestDigest, smallestBlob } from './manifest';
import { ProbeFailure } from './probe-failure';
import type { ProbeHttp } from './probe-http';

/**
 * Steps 4 and 5, run only on a candidate that served the manifest: how fast it answers and how
 * fast a blob arrives. They rank usable mirrors; a failure here leaves a null and a note, never
 * makes a mirror unusable (the manifest already proved it works).
 */

export interface Measurement {
  value: number | null;
  /** For the result's timing: the value in words, or why there is none (with the failure's own verdict after it). */
  notes: Message[];
}

/** Median time to the response headers of `samples` sequential GET /v2/ (on the connection the earlier steps opened). */
export async function medianLatency(http: ProbeHttp, base: URL, samples: number, now: () => number): Promise<Measurement> {
  if (samples === 0) return { value: null, notes: [msg('probe.timing.latency-no-samples')] };
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const started = now();
      const reply = await http.get(new URL('v2/', base));
      times.push(now() - started);
      await http.discard(reply);
    }
  } catch (error) {
    return { value: null, notes: whyNot('latency', error) };
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const median = times.length % 2 === 1 ? (times[middle] ?? 0) : ((times[middle - 1] ?? 0) + (times[middle] ?? 0)) / 2;
  return { value: median, notes: [msg('probe.timing.latency', { ms: median.toFixed(1), count: samples })] };
}

/**
 * KB/s (1 KB = 1,024 bytes) for one blob of the image, read up to `capBytes`, timed from the
 * request to the last byte read (redirects to a CDN included, as a pull sees them).
 */
export async function blobThroughput(
  http: ProbeHttp,
  base: URL,
  image: HubImage,
  authorization: string | undefined,
  manifest: Manifest,
  capBytes: number,
  now: () => number,
): Promise<Measurement> {
  try {
    let platformManifest = manifest;
    if (isIndex(manifest)) {
      const digest = platformManifestDigest(manifest);
      if (!digest) return { value: null, notes: [msg('probe.timing.throughput-no-platform')] };
      platformManifest = await fetchManifest(http, base, image, authorization, digest);
    }
    const blob = smallestBlob(platformManifest);
    if (!blob) return { value: null, notes: [msg('probe.timing.throughput-no-blob')] };
    const started = now();
    const reply = await http.get(new URL(`v2/${image.repository}/blobs/${blob.digest}`, base), authorization ? { authorization } : {});
    if (reply.status !== 200) {
      await http.discard(reply);
      return { value: null, notes: [msg('probe.timing.throughput-blob-status', { url: safeUrl(reply.url), status: reply.status })] };
    }
    const bytes = await http.count(reply, capBytes);
    const seconds = (now() - started) / 1000;
    if (bytes === 0 || seconds <= 0) return { value: null, notes: [msg('probe.timing.throughput-empty')] };
    const kbps = bytes / 1024 / seconds;
    return { value: kbps, notes: [msg('probe.timing.throughput', { kbps: kbps.toFixed(0), kb: (bytes / 1024).toFixed(0) })] };
  } catch (error) {
    return { value: null, notes: whyNot('throughput', error) };
  }
}

/** Why a measurement was not made: the time was up, a failure (its own verdict follows), or an unexpected error. */
function whyNot(what: 'latency' | 'throughput', error: unknown): Message[] {
  if (error instanceof ProbeFailure) return error.status === 'timeout' ? [msg(`probe.timing.${what}-time-up`)] : [msg(`probe.timing.${what}-failed`), error.reason];
  return [msg(`probe.timing.${what}-error`, { detail: error instanceof Error ? error.message : String(error) })];
}
