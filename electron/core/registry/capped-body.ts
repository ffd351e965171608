/**
 * Response bodies read with a byte cap: a registry, mirror candidate or Nexus is any server on
 * the network, and one that answers with an endless body must not grow the process. Leaving a `for await` early destroys
 * the stream (Node's async iterator does), so nothing past the cap is ever buffered.
 */

/** Enough for any JSON a registry sends (an error, a token, an image index or manifest of a few KB). */
export const SMALL_BODY_CAP_BYTES = 64 * 1024;

export interface CappedBody {
  /** At most `cap` bytes. */
  data: Buffer;
  /** The body went on past the cap; reading stopped there. */
  truncated: boolean;
}

/** Keeps at most `cap` bytes (JSON, manifests, error pages). */
export async function readAtMost(body: AsyncIterable<Buffer>, cap: number): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > cap) break;
  }
  return { data: Buffer.concat(chunks).subarray(0, cap), truncated: size > cap };
}

/** Counts at most `cap` bytes without keeping them (a blob timed for throughput, a body thrown away). */
export async function countAtMost(body: AsyncIterable<Buffer>, cap: number): Promise<number> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size >= cap) break;
  }
  return Math.min(size, cap);
}
