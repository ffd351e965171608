import {
  type ApplyRequest,
  type EngineTarget,
  PRIVILEGED_REQUEST_MAX_BYTES,
  PRIVILEGED_REQUEST_VERSION,
  type PrivilegedRequest,
  PrivilegedRequestSchema,
} from '../../../shared/privileged';
import { DocksideError } from '../errors';

type ApplyParts = Partial<Pick<ApplyRequest, 'mirrors' | 'insecureRegistries' | 'trust' | 'untrust' | 'osTrust' | 'osUntrust' | 'engineAction' | 'allowPublicRegistry' | 'expectedBefore'>>;

/** An apply request that changes only what `parts` names. */
export function applyRequest(id: string, target: EngineTarget, parts: ApplyParts): ApplyRequest {
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
    expectedBefore: { certs: {} },
    target,
    ...parts,
  };
}

/** A setup's requests as one, so one elevation applies them all. */
export function mergeApplyRequests(id: string, target: EngineTarget, requests: readonly ApplyRequest[]): ApplyRequest | null {
  if (requests.length === 0) return null;
  const last = <T>(pick: (request: ApplyRequest) => T | null): T | null => requests.map(pick).filter((value) => value !== null).at(-1) ?? null;
  const daemonJson = requests.find((request) => request.expectedBefore.daemonJson !== undefined)?.expectedBefore.daemonJson;
  return applyRequest(id, target, {
    mirrors: last((request) => request.mirrors),
    insecureRegistries: last((request) => request.insecureRegistries),
    trust: requests.flatMap((request) => request.trust),
    untrust: requests.flatMap((request) => request.untrust),
    osTrust: requests.flatMap((request) => request.osTrust),
    osUntrust: requests.flatMap((request) => request.osUntrust),
    engineAction: requests.some((request) => request.engineAction === 'restart') ? 'restart' : 'auto',
    allowPublicRegistry: requests.every((request) => request.allowPublicRegistry),
    expectedBefore: {
      ...(daemonJson === undefined ? {} : { daemonJson }),
      certs: Object.assign({}, ...requests.map((request) => request.expectedBefore.certs)) as Record<string, string | null>,
      ...osExpectedBefore(requests),
    },
  });
}

/**
 * The OS store files of several requests, as the first to read them saw them. Several
 * registries of one setup may share one CA (one anchor) and all touch the one record: merged,
 * they are planned together by the elevated side, from the same files.
 */
function osExpectedBefore(requests: readonly ApplyRequest[]): Pick<ApplyRequest['expectedBefore'], 'osAnchors' | 'osTrustRecord'> {
  const anchors = requests.map((request) => request.expectedBefore.osAnchors).filter((value) => value !== undefined);
  const record = requests.find((request) => request.expectedBefore.osTrustRecord !== undefined)?.expectedBefore.osTrustRecord;
  return {
    ...(anchors.length === 0 ? {} : { osAnchors: Object.assign({}, ...anchors.reverse()) as Record<string, string | null> }),
    ...(record === undefined ? {} : { osTrustRecord: record }),
  };
}

/** A request as one argv word: base64 of its JSON, never a file another process could swap. */
export function encodeRequest(request: PrivilegedRequest): string {
  const json = JSON.stringify(PrivilegedRequestSchema.parse(request));
  const encoded = Buffer.from(json, 'utf8').toString('base64');
  // Linux refuses one argument of 128 KiB or more (MAX_ARG_STRLEN counts the NUL): say so before exec does.
  if (Buffer.byteLength(json) > PRIVILEGED_REQUEST_MAX_BYTES || encoded.length >= 128 * 1024) throw tooLarge(Buffer.byteLength(json));
  return encoded;
}

/** The elevated side trusts nothing: the argument must decode to a request that passes the schema. */
export function decodeRequest(encoded: string | undefined): PrivilegedRequest {
  if (encoded === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new DocksideError('invalid-request', 'plan.error.invalid-request.argument');
  }
  // base64 grows by 4/3: measure the decoded size before parsing anything.
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length > PRIVILEGED_REQUEST_MAX_BYTES) throw tooLarge(bytes.length);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new DocksideError('invalid-request', 'plan.error.invalid-request.not-json');
  }
  const parsed = PrivilegedRequestSchema.safeParse(json);
  if (!parsed.success) {
    // Field paths and zod's words only: no value of the request is echoed back.
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.code}`).join('; ');
    throw new DocksideError('invalid-request', 'plan.error.invalid-request.schema', { issues });
  }
  return parsed.data;
}

function tooLarge(bytes: number): DocksideError {
  return new DocksideError('request-too-large', 'plan.error.request-too-large', { bytes, max: PRIVILEGED_REQUEST_MAX_BYTES });
}
