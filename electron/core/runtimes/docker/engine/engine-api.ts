import { request } from 'node:http';
import { connect } from 'node:net';
import type { MessageParams } from '../../../../../shared/message';
import { DocksideError } from '../../../errors';

/** /info and /version are a few kilobytes; a bigger answer is not the Docker engine's. */
const MAX_BYTES = 1024 * 1024;

/** The socket path of a `unix:///abs/path` Docker host; undefined for any other kind. */
export function unixSocketOf(dockerHost: string | undefined): string | undefined {
  return dockerHost?.startsWith('unix:///') ? dockerHost.slice('unix://'.length) : undefined;
}

/**
 * GET one endpoint of the Docker Engine API over its unix socket: what `docker info` and
 * `docker version` ask, without starting the docker CLI (tens of milliseconds a call, and as
 * root no CLI config, context or plugin of anyone's is read). Rejects when the engine does not
 * answer 200 within `timeoutMs`, or answers something that is not JSON.
 */
export function engineApiGet(socketPath: string, path: '/info' | '/version', timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const fail = (variant: 'api' | 'api-status' | 'api-not-json' | 'api-too-large' | 'api-timeout', params: MessageParams = {}): void =>
      reject(new DocksideError('engine-unreachable', `engine.error.engine-unreachable.${variant}`, { socket: socketPath, path, ...params }));
    // One request on its own connection: no http Agent, whose server-name check alone costs
    // ~10 ms on first use (it compiles node's IPv6 pattern).
    const createConnection = (): ReturnType<typeof connect> => connect(socketPath);
    const req = request({ path, method: 'GET', headers: { host: 'docker' }, timeout: timeoutMs, createConnection }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BYTES) {
          fail('api-too-large', { bytes: MAX_BYTES });
          req.destroy();
        } else chunks.push(chunk);
      });
      res.on('end', () => {
        if (res.statusCode !== 200) return fail('api-status', { status: res.statusCode ?? 0 });
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          fail('api-not-json');
        }
      });
      res.on('error', (error) => fail('api', { detail: error.message }));
    });
    // The first rejection settles the promise: the error that destroy() raises after it changes nothing.
    req.on('timeout', () => {
      fail('api-timeout', { ms: timeoutMs });
      req.destroy();
    });
    // The system's own words (`connect ENOENT /var/run/docker.sock`), quoted.
    req.on('error', (error) => fail('api', { detail: error.message }));
    req.end();
  });
}
