import type { IncomingHttpHeaders } from 'node:http';
import { type Agent, request } from 'undici';
import type { MessageParams } from '../../../../shared/message';
import { DocksideError, toErrorValue } from '../../errors';
import { readAtMost, SMALL_BODY_CAP_BYTES } from '../../registry/capped-body';
import { BLANK, redactSecrets } from '../../registry/redact';
import { connectionError, originAgent } from '../../registry/registry-client';
import type { HttpExchange } from './types';

/** What an exchange keeps of a body: enough to quote an error page or a Distribution error. */
export const EXCHANGE_BODY_BYTES = 4 * 1024;
/** Token fields of a token service's JSON answer: their values never go into evidence. */
const TOKEN_FIELDS = /("(?:token|access_token|refresh_token|id_token)"\s*:\s*")((?:[^"\\]|\\.)*)("?)/g;
/** Query parameters that may carry a credential. */
const SECRET_QUERY = /^(?:_state|access_token|token|password|secret|account)$/i;

/** An exchange with the whole header values undici gave, for the caller's own use (a challenge, a Location, a token). */
export interface RawExchange {
  exchange: HttpExchange;
  headers: IncomingHttpHeaders;
  /** The capped body as received (not redacted): for parsing a token; never stored. */
  body: string;
}

export interface SendOptions {
  authorization?: string;
  body?: string;
  contentType?: string;
}

/**
 * Requests for evidence: one undici Agent per origin (CA, SNI, timeouts as the registry
 * client sets them), no redirects followed, every answer recorded as an HttpExchange with the
 * secrets it was given (a password, a token) blanked out of the URL, headers and body.
 */
export class EvidenceHttp {
  private readonly agents = new Map<string, Agent>();
  private readonly secrets: string[] = [];

  constructor(
    private readonly ca: string[] | undefined,
    private readonly timeoutMs: number,
  ) {}

  /** A value that must never be recorded (a password, its base64 form, a token). */
  addSecret(secret: string): void {
    if (secret.length >= 3 && !this.secrets.includes(secret)) this.secrets.push(secret);
  }

  async send(method: string, url: URL, options: SendOptions = {}): Promise<RawExchange> {
    const recordedUrl = recordUrl(url);
    try {
      const headers: Record<string, string> = {};
      if (options.authorization) headers.authorization = options.authorization;
      if (options.contentType) headers['content-type'] = options.contentType;
      const response = await request(url, {
        method: method as 'GET',
        dispatcher: this.agentFor(url),
        headers,
        ...(options.body !== undefined ? { body: options.body } : {}),
      });
      // A token answer can be several KiB (a JWT with its certificate chain): read enough to parse it, record an excerpt.
      // The whole body within the timeout: a server trickling bytes must not hold the doctor up.
      const { data } = await readAtMost(response.body, SMALL_BODY_CAP_BYTES, { ms: this.timeoutMs, url });
      const body = data.toString('utf8');
      const excerpt = data.subarray(0, EXCHANGE_BODY_BYTES).toString('utf8');
      return {
        exchange: { method, url: recordedUrl, status: response.statusCode, headers: this.recordHeaders(response.headers), body: this.redact(redactTokens(excerpt)), error: null },
        headers: response.headers,
        body,
      };
    } catch (error) {
      const value = toErrorValue(error instanceof DocksideError ? error : connectionError(error, url, this.timeoutMs));
      return {
        exchange: { method, url: recordedUrl, status: null, headers: {}, body: '', error: { ...value, params: this.redactParams(value.params) } },
        headers: {},
        body: '',
      };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.destroy()));
    this.agents.clear();
  }

  private agentFor(url: URL): Agent {
    let agent = this.agents.get(url.origin);
    if (!agent) {
      agent = originAgent(url, this.ca, this.timeoutMs);
      this.agents.set(url.origin, agent);
    }
    return agent;
  }

  private recordHeaders(headers: IncomingHttpHeaders): Record<string, string> {
    const recorded: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (value === undefined || lower === 'authorization' || lower === 'proxy-authorization') continue;
      recorded[lower] = this.redact(Array.isArray(value) ? value.join(', ') : value);
    }
    return recorded;
  }

  /** An error's params with every known secret replaced in their text. */
  private redactParams(params: MessageParams): MessageParams {
    return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? this.redact(value) : value]));
  }

  /** The text with every known secret replaced, in every form a server may echo it (URL-encoded, JSON-escaped, case changed). */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }
}

/** The values of token fields in a (possibly truncated) JSON body, blanked. */
export function redactTokens(body: string): string {
  return body.replace(TOKEN_FIELDS, (_match, before: string, value: string, after: string) => `${before}${value === '' ? '' : BLANK}${after}`);
}

/** A URL as evidence: no user info; query parameters that may hold a credential blanked (others, like scope and service, kept). */
export function recordUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  for (const key of [...new Set(copy.searchParams.keys())]) {
    if (SECRET_QUERY.test(key)) copy.searchParams.set(key, BLANK);
  }
  return copy.href;
}
