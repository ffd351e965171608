import { DocksideError } from '../errors';

/**
 * Response bodies read with a byte cap: a registry, mirror candidate or Nexus is any server on
 * the network, and one that answers with an endless body must not grow the process. Leaving a `for await` early destroys
 * the stream (Node's async iterator does), so nothing past the cap is ever buffered.
 *
 * And, when given one, with a deadline for the whole body: undici's bodyTimeout bounds each
 * pause between chunks, so a server trickling one byte a second would keep a read (and a login
 * waiting on it) going for as long as it likes. Past the deadline the stream is destroyed and the
 * read fails with a `timeout` naming the URL's host and the deadline.
 */

/** Enough for any JSON a registry sends (an error, a token, an image index or manifest of a few KB). */
export const SMALL_BODY_CAP_BYTES = 64 * 1024;

export interface CappedBody {
  /** At most `cap` bytes. */
  data: Buffer;
  /** The body went on past the cap; reading stopped there. */
  truncated: boolean;
}

/** How long the whole body may take, from the first read to its end, and whose body it is (for the error). */
export interface BodyDeadline {
  ms: number;
  url: URL;
}

/** A response body: undici's (a Readable) can be destroyed, which ends a read that is waiting for the next chunk. */
export type BodyStream = AsyncIterable<Buffer> & { destroy?: (error?: Error) => unknown };

/** Keeps at most `cap` bytes (JSON, manifests, error pages); within `deadline` when given. */
export async function readAtMost(body: BodyStream, cap: number, deadline?: BodyDeadline): Promise<CappedBody> {
  return withDeadline(body, deadline, async () => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > cap) break;
    }
    return { data: Buffer.concat(chunks).subarray(0, cap), truncated: size > cap };
  });
}

/** Counts at most `cap` bytes without keeping them (a blob timed for throughput, a body thrown away); within `deadline` when given. */
export async function countAtMost(body: BodyStream, cap: number, deadline?: BodyDeadline): Promise<number> {
  return withDeadline(body, deadline, async () => {
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size >= cap) break;
    }
    return Math.min(size, cap);
  });
}

/** The error of a body that did not end in time: the host, the URL without its query (it may name an account), the deadline. */
export function bodyDeadlineError(deadline: BodyDeadline): DocksideError {
  const { url, ms } = deadline;
  return new DocksideError('timeout', 'creds.error.timeout.body', { host: url.host, url: `${url.origin}${url.pathname}`, ms });
}

async function withDeadline<T>(body: BodyStream, deadline: BodyDeadline | undefined, read: () => Promise<T>): Promise<T> {
  if (deadline === undefined) return read();
  let timer: NodeJS.Timeout | undefined;
  const reading = read();
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = bodyDeadlineError(deadline);
      // Ends the `for await` waiting for the next chunk; its own rejection is not the one reported.
      reading.catch(() => undefined);
      body.destroy?.(error);
      reject(error);
    }, deadline.ms);
  });
  try {
    return await Promise.race([reading, expired]);
  } finally {
    clearTimeout(timer);
  }
}
