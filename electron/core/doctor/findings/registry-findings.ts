import { anonymousPullRefused } from './anonymous-pull-refused';
import { caUnknown } from './ca-unknown';
import { certificateExpiringDetector } from './certificate-expiring';
import { certificateName } from './certificate-name';
import type { Detector } from './finding';
import { httpNotInsecure } from './http-not-insecure';
import { pushCancelRefused } from './push-cancel-refused';
import { pushToGroup } from './push-to-group';
import { pushToProxy } from './push-to-proxy';
import { realmSchemeMismatch } from './realm-scheme-mismatch';
import { splitPullLacksHosted } from './split-pull-lacks-hosted';
import { tooManyAttempts } from './too-many-attempts';
import { v2OpenRepositoryProtected } from './v2-open-repository-protected';

/** The detectors over a registry's evidence (ping, challenge, tokens, TLS, push probe and its upload). */
export const REGISTRY_DETECTORS: Detector[] = [
  httpNotInsecure,
  caUnknown,
  certificateName,
  certificateExpiringDetector,
  realmSchemeMismatch,
  v2OpenRepositoryProtected,
  anonymousPullRefused,
  tooManyAttempts,
  pushToGroup,
  pushToProxy,
  pushCancelRefused,
  splitPullLacksHosted,
];
