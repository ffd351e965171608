import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolveListen, type ListenOptions } from './address';
import { startService, waitUntil } from './proc';
import { run } from './run';
import { makeTempDir } from './tmp';

/**
 * nginx in front of two registries, the layout many teams put before Nexus (DESIGN §1): one
 * hostname, GET/HEAD to the pull side (a Nexus group) and PUT/POST/PATCH/DELETE to the push
 * side (the hosted repository). Everything nginx writes stays in its temp dir.
 */

export interface NginxSplitOptions {
  listen: ListenOptions;
  /** Front certificate; pass an issued cert's chainPath as certPath. */
  tls: { certPath: string; keyPath: string };
  /** `host:port` of a plain-HTTP registry serving pulls. */
  pullUpstream: string;
  /** `host:port` of a plain-HTTP registry taking pushes. */
  pushUpstream: string;
  /** X-Forwarded-Proto sent upstream; `http` reproduces the misconfiguration that breaks token realms. Default `https`. */
  forwardedProto?: string;
  /**
   * Send HEAD of blobs to the push side with the writes (GET and HEAD of manifests stay on the
   * pull side), as the doctor's split-pull-lacks-hosted fix says. Default: every HEAD to the pull side.
   */
  headBlobsToPush?: boolean;
  /**
   * Files nginx serves itself, by exact URI, before anything is proxied: a Nexus front's
   * published CA (`/download/ca.crt`), or the issuer a leaf's AIA names.
   */
  files?: Record<string, string>;
  /** Also serve `files` over plain HTTP here (AIA caIssuers URLs are http); the registry stays https-only. */
  httpListen?: ListenOptions;
}

/** One access log line. */
export interface NginxRequest {
  method: string;
  uri: string;
  status: number;
  /** `$upstream_addr`: the upstream that served it, e.g. `127.0.0.1:5001`. */
  upstreamAddr: string;
  /** Upstream group the map chose: `registry_pull` or `registry_push`. */
  backend: string;
}

export interface NginxSplit {
  /** `https://[::1]:PORT`. */
  readonly url: string;
  readonly hostPort: string;
  /** `http://HOST:PORT` of `httpListen`, when asked for. */
  readonly httpUrl: string | undefined;
  /** Raw access log, one JSON object per line. */
  accessLog(): string;
  requests(): NginxRequest[];
  log(): string;
  /** Stops nginx and removes its temp dir. */
  stop(): Promise<void>;
}

export async function startNginxSplit(options: NginxSplitOptions): Promise<NginxSplit> {
  const dir = makeTempDir('nginx');
  try {
    const address = await resolveListen(options.listen);
    const httpAddress = options.httpListen === undefined ? undefined : await resolveListen(options.httpListen);
    for (const sub of ['conf', 'logs', 'temp']) mkdirSync(dir.join(sub));
    const accessLogPath = dir.join('logs', 'access.log');
    const configPath = dir.join('conf', 'nginx.conf');
    writeFileSync(configPath, splitConfig(options, { https: address.hostPort, http: httpAddress?.hostPort }, dir.path, accessLogPath));

    // -g 'daemon off;' keeps the master in the foreground so the harness owns and stops it.
    const args = ['-p', dir.path, '-c', configPath, '-g', 'daemon off;'];
    const check = await run('nginx', ['-t', ...args]);
    if (check.code !== 0) {
      throw new Error(`nginx -t rejected the generated config:\n${check.stderr}${check.stdout}\n--- ${configPath}\n${readFileSync(configPath, 'utf8')}`);
    }
    const service = startService('nginx', 'nginx', args, { logFile: dir.join('logs', 'nginx.out') });
    try {
      // A TCP connect, not a request: a request would be proxied and land in the access log.
      await waitUntil(service, `${address.hostPort} to accept connections`, () => canConnect(address.host, address.port));
      if (httpAddress) await waitUntil(service, `${httpAddress.hostPort} to accept connections`, () => canConnect(httpAddress.host, httpAddress.port));
    } catch (error) {
      await service.stop();
      throw error;
    }
    const accessLog = (): string => readOrEmpty(accessLogPath);
    return {
      url: `https://${address.hostPort}`,
      httpUrl: httpAddress && `http://${httpAddress.hostPort}`,
      hostPort: address.hostPort,
      accessLog,
      requests: () =>
        accessLog()
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as NginxRequest),
      log: () => `${service.log()}${readOrEmpty(dir.join('logs', 'error.log'))}`,
      stop: async () => {
        await service.stop();
        dir.remove();
      },
    };
  } catch (error) {
    dir.remove();
    throw error;
  }
}

function splitConfig(options: NginxSplitOptions, listen: { https: string; http: string | undefined }, prefix: string, accessLogPath: string): string {
  const files = fileLocations(options.files ?? {});
  const temp = (name: string): string => `${prefix}/temp/${name}`;
  // As root the workers would otherwise run as nobody and could not enter the 0700 temp dir.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log notice;
events { worker_connections 256; }
http {
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};

  log_format split escape=json '{"method":"$request_method","uri":"$request_uri","status":$status,'
                               '"upstreamAddr":"$upstream_addr","backend":"$backend"}';
  access_log ${accessLogPath} split;

  upstream registry_pull { server ${options.pullUpstream}; }
  upstream registry_push { server ${options.pushUpstream}; }

${backendMap(options.headBlobsToPush === true)}
  server {
    listen ${listen.https} ssl;
    ssl_certificate ${options.tls.certPath};
    ssl_certificate_key ${options.tls.keyPath};

    # Layers are large and Docker streams them chunked.
    client_max_body_size 0;
    chunked_transfer_encoding on;
${files}
    location / {
      proxy_pass http://$backend;
      # The registries build Location and realm URLs from these.
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto ${options.forwardedProto ?? 'https'};
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 900;
    }
  }
${listen.http === undefined ? '' : `  server {\n    listen ${listen.http};\n${files}\n    location / { return 404; }\n  }\n`}}
`;
}

function fileLocations(files: Record<string, string>): string {
  return Object.entries(files)
    .map(([uri, path]) => {
      if (!/^\/[A-Za-z0-9._/-]*$/.test(uri) || /[\s;{}"']/.test(path)) throw new Error(`nginx harness: unsafe file location ${uri} -> ${path}`);
      return `    location = ${uri} { alias ${path}; default_type application/octet-stream; }\n`;
    })
    .join('');
}

function backendMap(headBlobsToPush: boolean): string {
  if (headBlobsToPush) {
    return `  map "$request_method $uri" $backend {
    default                       registry_push;
    "~^GET "                      registry_pull;
    "~^HEAD /v2/.+/manifests/"    registry_pull;
  }`;
  }
  return `  map $request_method $backend {
    default registry_pull;
    GET     registry_pull;
    HEAD    registry_pull;
    PUT     registry_push;
    POST    registry_push;
    PATCH   registry_push;
    DELETE  registry_push;
  }`;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
