import { request as plainRequest, type IncomingHttpHeaders } from 'node:http';
import { request as tlsRequest } from 'node:https';

/**
 * One HTTP(S) request with node:http(s), because the global fetch cannot be given a CA per
 * call. No connection reuse (`agent: false`), so nothing keeps a service's socket open after
 * a test.
 */

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** PEM of the CA to trust; without it only the system store is trusted. */
  ca?: string;
  /** Only for readiness probes that do not care who answers. */
  insecure?: boolean;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? tlsRequest : plainRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        headers: { ...options.headers, ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }) },
        agent: false,
        ca: options.ca,
        rejectUnauthorized: !options.insecure,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${url} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
