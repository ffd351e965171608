import { request } from 'node:http';
import { connect } from 'node:net';
import { DocksideError } from '../errors';

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
    const fail = (why: string): void => reject(new DocksideError('engine-unreachable', `The Docker engine at unix://${socketPath} did not answer ${path}: ${why}.`));
    // One request on its own connection: no http Agent, whose server-name check alone costs
    // ~10 ms on first use (it compiles node's IPv6 pattern).
    const createConnection = (): ReturnType<typeof connect> => connect(socketPath);
    const req = request({ path, method: 'GET', headers: { host: 'docker' }, timeout: timeoutMs, createConnection }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BYTES) req.destroy(new Error(`the answer is over ${MAX_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode ?? 0}`);
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          fail('the answer is not JSON');
        }
      });
      res.on('error', (error) => fail(error.message));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => fail(error.message));
    req.end();
  });
}
