import type { SkippedCheck } from '../../../../shared/doctor';
import type { RegistrySettings } from '../../../../shared/engine';
import type { ErrorValue } from '../../../../shared/result';
import type { ProbeResult } from '../../../../shared/mirrors';
import type { TrustInspectJson } from '../../../../shared/trust';
import type { DockerConfig } from '../../credentials/docker-config';
import type { Challenge } from '../../registry/www-authenticate';

/**
 * Everything the doctor looks at, gathered once; each finding is a pure function of it. A piece
 * that could not be gathered is null and says why in `Evidence.skipped`. Never holds a secret:
 * bodies are capped excerpts, Authorization headers are never recorded.
 */

/** One HTTP request and what came back. */
export interface HttpExchange {
  method: string;
  /** Without user info or query secrets. */
  url: string;
  /** null when no answer came (error says why). */
  status: number | null;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The first 4 KiB of the body, as text. */
  body: string;
  error: ErrorValue | null;
}

export interface RegistryEvidence {
  /** host[:port] as certs.d and config.json name it. */
  registry: string;
  /** The repository the user named (`team/app`), for the pull, push and token checks; null when none. */
  repository: string | null;
  /** GET <scheme>://<registry>/v2/ without credentials. */
  ping: HttpExchange;
  /** The challenges of the ping's 401 (empty for 200). */
  challenges: Challenge[];
  /** The anonymous token request (`realm?service=..&scope=repository:<repo>:pull`) when the challenge is Bearer; null otherwise. */
  anonymousToken: HttpExchange | null;
  /** GET /v2/<repository>/tags/list as Docker pulls without credentials: with the anonymous token when there is one; null without a repository. */
  anonymousRepository: HttpExchange | null;
  /** The TLS chain as Docker would judge it; null for an http:// registry or when the connection failed. */
  tls: TrustInspectJson | null;
  /** The push-permission probe (an invalid manifest PUT, a cancelled upload session, the probe blob); null when not run (no repository or no stored credentials). */
  push: PushProbe | null;
}

export interface PushProbe {
  /**
   * The write attempt: `PUT /v2/<repo>/manifests/<probe tag>` with a manifest that is invalid on
   * purpose. A registry checks push permission first, then refuses the manifest: 400
   * MANIFEST_INVALID means "you may push here", and nothing was stored. 401/403/denied, a 405 or
   * a 404 page: not allowed, and the body says why. When the token request failed, that GET
   * stands here instead (no write was attempted).
   */
  start: HttpExchange;
  /**
   * The upload session Docker opens for each blob: `POST /v2/<repo>/blobs/uploads/` (202 with a
   * Location: push allowed), then cancelled with `DELETE <Location>` (204). Distribution maps
   * every DELETE, an upload's cancel included, to the `delete` action, so a token without it
   * gets 401/403 there although the push itself works. null when no write was attempted (the
   * token request failed); `cancel` null when no session opened.
   */
  upload: { open: HttpExchange; cancel: HttpExchange | null } | null;
  /**
   * The probe blob (a few fixed bytes no image references) as `docker push` meets a blob: HEAD
   * through the front; when absent, uploaded (POST, then PUT ?digest=) and HEADed again, as
   * Docker's blob writer does after its PUT. A 404 after a 201 means GET/HEAD reach a backend
   * that does not see what the push side stored (an nginx split whose pull side lacks the
   * hosted repository). null when no upload session opened.
   */
  blob: { before: HttpExchange; stored: HttpExchange[]; after: HttpExchange | null } | null;
}

export interface LocalEvidence {
  daemonJson: { path: string; exists: boolean; settings: RegistrySettings | null; keys: string[]; error: ErrorValue | null };
  engine: {
    /** docker info answered. */
    running: boolean;
    active: RegistrySettings | null;
    /** Why docker info failed: the socket's permission, no daemon, ... */
    error: ErrorValue | null;
    /** The docker socket (from DOCKER_HOST or the default) and whether this user may open it. */
    socket: { path: string; exists: boolean; accessible: boolean } | null;
    /** Keys given to the running dockerd as flags that daemon.json also sets (dockerd then refuses to start). */
    flagConflicts: string[];
  };
  config: { path: string; config: DockerConfig | null; error: ErrorValue | null };
  /** Helper names config.json refers to (credsStore, credHelpers values) and whether docker-credential-<name> is on PATH. */
  helpers: Record<string, boolean>;
  certsD: {
    dir: string;
    /** certs.d/_default exists (the containerd store applies it to every registry). */
    defaultDir: boolean;
    /** Registry directories holding a hosts.toml (they override daemon.json's mirrors for that registry). */
    hostsToml: string[];
  };
}

export interface Evidence {
  local: LocalEvidence;
  registry: RegistryEvidence | null;
  /** The configured mirrors (daemon.json, else docker info), probed; null when not probed. */
  mirrors: ProbeResult[] | null;
  /** An image reference the user asked about (`app:1`, `host:5000/team/app:1`); null when none. */
  image: string | null;
  skipped: SkippedCheck[];
}
