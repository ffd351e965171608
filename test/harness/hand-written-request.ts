import { type ApplyRequest, PRIVILEGED_REQUEST_VERSION } from '../../shared/privileged';

/**
 * A well-formed apply request as a user could write it by hand, not built by Dockside's own
 * code (the point of sending it straight to the elevated entry): nothing changes unless `parts` says so.
 */
export function handWrittenApplyRequest(id: string, daemonJsonDigest: string, parts: Partial<ApplyRequest> = {}): ApplyRequest {
  return {
    version: PRIVILEGED_REQUEST_VERSION,
    id,
    action: 'apply',
    runtime: 'docker',
    mirrors: null,
    insecureRegistries: null,
    trust: [],
    untrust: [],
    osTrust: [],
    osUntrust: [],
    engineAction: 'auto',
    allowPublicRegistry: false,
    expectedBefore: { daemonJson: daemonJsonDigest, certs: {} },
    target: {},
    ...parts,
  };
}
