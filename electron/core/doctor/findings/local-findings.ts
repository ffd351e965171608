import { certsDRedirect } from './certs-d-redirect';
import { credsstoreHelperMissing } from './credsstore-helper-missing';
import { daemonJsonInvalid } from './daemon-json-invalid';
import { dockerSocketPermission } from './docker-socket-permission';
import { engineNotRunning } from './engine-not-running';
import type { Detector } from './finding';
import { flagConflict } from './flag-conflict';
import { hostedAsMirror } from './hosted-as-mirror';
import { imageWithoutHost } from './image-without-host';
import { mirrorNotServingHub } from './mirror-not-serving-hub';
import { mirrorRefusesAnonymous } from './mirror-refuses-anonymous';
import { plaintextCredentials } from './plaintext-credentials';

/** The detectors of this machine's own setup: the engine, daemon.json, config.json, certs.d, the configured mirrors, the image name. */
export const LOCAL_DETECTORS: Detector[] = [
  daemonJsonInvalid,
  engineNotRunning,
  dockerSocketPermission,
  flagConflict,
  plaintextCredentials,
  credsstoreHelperMissing,
  certsDRedirect,
  imageWithoutHost,
  hostedAsMirror,
  mirrorNotServingHub,
  mirrorRefusesAnonymous,
];
