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
  /** For the result's reason: the value in words, or why there is none. */
  note: string;
}

/** Median time to the response headers of `samples` sequential GET /v2/ (on the connection the earlier steps opened). */
export async function medianLatency(http: ProbeHttp, base: URL, samples: number, now: () => number): Promise<Measurement> {
  if (samples === 0) return { value: null, note: 'latency not measured (no samples asked)' };
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const started = now();
      const reply = await http.get(new URL('v2/', base));
      times.push(now() - started);
      await http.discard(reply);
    }
  } catch (error) {
    return { value: null, note: `latency not measured: ${why(error)}` };
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const median = times.length % 2 === 1 ? (times[middle] ?? 0) : ((times[middle - 1] ?? 0) + (times[middle] ?? 0)) / 2;
  return { value: median, note: `median latency ${median.toFixed(1)} ms over ${samples} request${samples === 1 ? '' : 's'}` };
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
      if (!digest) return { value: null, note: 'throughput not measured: the image index lists no platform manifest' };
      platformManifest = await fetchManifest(http, base, image, authorization, digest);
    }
    const blob = smallestBlob(platformManifest);
    if (!blob) return { value: null, note: 'throughput not measured: the manifest lists no blob' };
    const started = now();
    const reply = await http.get(new URL(`v2/${image.repository}/blobs/${blob.digest}`, base), authorization ? { authorization } : {});
    if (reply.status !== 200) {
      await http.discard(reply);
      return { value: null, note: `throughput not measured: ${safeUrl(reply.url)} answered HTTP ${reply.status} for a blob the manifest names` };
    }
    const bytes = await http.count(reply, capBytes);
    const seconds = (now() - started) / 1000;
    if (bytes === 0 || seconds <= 0) return { value: null, note: 'throughput not measured: the blob was empty' };
    const kbps = bytes / 1024 / seconds;
    return { value: kbps, note: `${kbps.toFixed(0)} KB/s over ${(bytes / 1024).toFixed(0)} KB of a blob` };
  } catch (error) {
    return { value: null, note: `throughput not measured: ${why(error)}` };
  }
}

function why(error: unknown): string {
  if (error instanceof ProbeFailure && error.status === 'timeout') return 'the time was up';
  return error instanceof Error ? error.message : String(error);
}
