import { msg } from '../../../shared/message';
import { safeUrl } from '../registry/registry-client';
import { SMALL_BODY_CAP_BYTES } from '../registry/capped-body';
import { distributionErrors, errorSummary, saidInParentheses } from './distribution-errors';
import { type HubImage, isDigest } from './hub-image';
import { ProbeFailure } from './probe-failure';
import type { ProbeHttp } from './probe-http';

/**
 * Step 3: the proof. A ping is not enough (DESIGN §1): a hosted repository or an unrelated
 * registry answers /v2/ too, then "manifest unknown" for every Docker Hub image, and Docker
 * silently falls back to registry-1.docker.io. So the test image's manifest is fetched
 * through the candidate, exactly as a pull asks for it.
 */

// What a pull accepts, multi-platform lists first (as containerd asks).
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

/** A manifest or an index (manifest list), parsed. */
export type Manifest = Record<string, unknown>;

/** GET /v2/<repository>/manifests/<reference>; `reference` defaults to the image's own tag or digest. */
export async function fetchManifest(http: ProbeHttp, base: URL, image: HubImage, authorization: string | undefined, reference = image.reference): Promise<Manifest> {
  const headers: Record<string, string> = { accept: MANIFEST_ACCEPT, ...(authorization ? { authorization } : {}) };
  const reply = await http.get(new URL(`v2/${image.repository}/manifests/${reference}`, base), headers);
  const { data, truncated } = await http.read(reply, SMALL_BODY_CAP_BYTES);
  const body = data.toString('utf8');
  const at = { url: safeUrl(reply.url), status: reply.status, image: image.name };
  const errors = distributionErrors(body);
  const said = saidInParentheses(errors);

  if (reply.status === 200) {
    if (truncated) throw new ProbeFailure('error', msg('probe.verdict.error.manifest-too-long', { ...at, kib: SMALL_BODY_CAP_BYTES / 1024 }));
    const manifest = parseManifest(body);
    if (manifest) return manifest;
    throw new ProbeFailure('not-a-mirror', msg('probe.verdict.not-a-mirror.not-a-manifest', at));
  }
  const unknown = errors.some((e) => e.code === 'MANIFEST_UNKNOWN' || e.code === 'NAME_UNKNOWN');
  if (reply.status === 404 || unknown) {
    const summary = errorSummary(errors);
    throw new ProbeFailure('not-a-mirror', msg('probe.verdict.not-a-mirror.manifest-unknown', { host: base.host, image: image.name, status: reply.status, said: summary ? `, ${summary}` : '' }));
  }
  if (reply.status === 401 || reply.status === 403) throw new ProbeFailure('auth-required', msg('probe.verdict.auth-required.manifest', { ...at, said }));
  if (reply.status === 429) throw new ProbeFailure('error', msg('probe.verdict.error.manifest-rate-limited', { ...at, said }));
  if (reply.status >= 500) throw new ProbeFailure('error', msg('probe.verdict.error.manifest-server-failed', { ...at, said }));
  throw new ProbeFailure('error', msg('probe.verdict.error.manifest-status', { ...at, said }));
}

function parseManifest(body: string): Manifest | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as Manifest).schemaVersion === 'number') return parsed as Manifest;
  } catch {
    // Not JSON: not a manifest.
  }
  return undefined;
}

interface Descriptor {
  digest: string;
  size: number;
  platform?: { os?: unknown; architecture?: unknown };
}

function descriptors(value: unknown): Descriptor[] {
  if (!Array.isArray(value)) return [];
  return value.filter((d): d is Descriptor => typeof d === 'object' && d !== null && isDigest((d as Descriptor).digest) && typeof (d as Descriptor).size === 'number');
}

/** An index (OCI) or a manifest list (Docker): its entries are manifests, not layers. */
export function isIndex(manifest: Manifest): boolean {
  return Array.isArray(manifest.manifests);
}

/** The linux/amd64 entry of an index, else its first: the platform whose blobs are timed. */
export function platformManifestDigest(index: Manifest): string | undefined {
  const entries = descriptors(index.manifests);
  const amd64 = entries.find((d) => d.platform?.os === 'linux' && d.platform.architecture === 'amd64');
  return (amd64 ?? entries[0])?.digest;
}

/** The smallest layer (or the config when there are no layers) with its size: the blob timed for throughput. */
export function smallestBlob(manifest: Manifest): Descriptor | undefined {
  const layers = descriptors(manifest.layers);
  const candidates = layers.length > 0 ? layers : descriptors([manifest.config]);
  return candidates.reduce<Descriptor | undefined>((smallest, d) => (smallest === undefined || d.size < smallest.size ? d : smallest), undefined);
}
