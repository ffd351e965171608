import { describe, expect, it } from 'vitest';
import { PROBE_BLOB_DIGEST } from '../../../../../../electron/core/doctor/evidence/push-probe';
import { pushCancelRefused } from '../../../../../../electron/core/doctor/findings/push-cancel-refused';
import { NGINX_FIX, splitPullLacksHosted, UNKNOWN_BLOB } from '../../../../../../electron/core/doctor/findings/split-pull-lacks-hosted';
import { evidenceWith, exchange, pushProbe, REGISTRY, REPOSITORY } from '../evidence-builder';
import { allText, expectFinding } from './expect-finding';
import { english } from '../../../../../harness/english';

const BLOB = `https://${REGISTRY}/v2/${REPOSITORY}/blobs/${PROBE_BLOB_DIGEST}`;
const UPLOADS = `https://${REGISTRY}/v2/${REPOSITORY}/blobs/uploads/`;
const SESSION = `${UPLOADS}abc?_state=***`;

/** The probe blob absent before, stored (POST 202, PUT 201), then HEAD answered `after`. */
function blobRoundTrip(after: number | null, stored = 201): Parameters<typeof pushProbe>[3] {
  return {
    blob: {
      before: exchange('HEAD', BLOB, { status: 404 }),
      stored: [exchange('POST', UPLOADS, { status: 202, headers: { location: SESSION } }), exchange('PUT', `${SESSION}&digest=${encodeURIComponent(PROBE_BLOB_DIGEST)}`, { status: stored })],
      after: after === null ? null : exchange('HEAD', BLOB, { status: after }),
    },
  };
}

describe('split-pull-lacks-hosted', () => {
  it('errs when the blob was stored (201) but HEAD on the same front answers 404, quoting "unknown blob" with the Nexus and nginx fixes', () => {
    const finding = expectFinding(splitPullLacksHosted, evidenceWith({ registry: { push: pushProbe({}, REGISTRY, REPOSITORY, blobRoundTrip(404)) } }));
    expect(finding.severity).toBe('error');
    expect(finding.evidence.map((item) => item.source)).toEqual([`PUT ${SESSION}&digest=${encodeURIComponent(PROBE_BLOB_DIGEST)}`, `HEAD ${BLOB}`]);
    expect(finding.evidence[1]?.detail).toMatch(/^404 Not Found/);
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = allText(finding, lang);
      expect(text).toContain(`"${UNKNOWN_BLOB}"`);
      expect(text).toContain(NGINX_FIX);
      expect(text).toContain('Members');
    }
    expect(finding.fix.command).toBeNull();
  });

  it('finds nothing when the HEAD after the upload sees the blob, when it was already there, or when the upload did not complete', () => {
    expect(splitPullLacksHosted.detect(evidenceWith({ registry: { push: pushProbe({}, REGISTRY, REPOSITORY, blobRoundTrip(200)) } }))).toBeNull();
    expect(splitPullLacksHosted.detect(evidenceWith({ registry: {} }))).toBeNull();
    expect(splitPullLacksHosted.detect(evidenceWith({ registry: { push: pushProbe({}, REGISTRY, REPOSITORY, blobRoundTrip(null, 400)) } }))).toBeNull();
    // A HEAD refused for credentials is not the split's symptom.
    expect(splitPullLacksHosted.detect(evidenceWith({ registry: { push: pushProbe({}, REGISTRY, REPOSITORY, blobRoundTrip(401)) } }))).toBeNull();
    expect(splitPullLacksHosted.detect(evidenceWith({ registry: { push: pushProbe({}, REGISTRY, REPOSITORY, { blob: null }) } }))).toBeNull();
    expect(splitPullLacksHosted.detect(evidenceWith({ registry: { push: null } }))).toBeNull();
  });
});

describe('push-cancel-refused', () => {
  const refused = (status: number) =>
    pushProbe({}, REGISTRY, REPOSITORY, {
      upload: {
        open: exchange('POST', UPLOADS, { status: 202, headers: { location: SESSION } }),
        cancel: exchange('DELETE', SESSION, { status, headers: { 'www-authenticate': 'Bearer realm="https://t/token",error="insufficient_scope"' }, body: '{"errors":[{"code":"UNAUTHORIZED"}]}' }),
      },
    });

  it('says push is allowed and only the cancel was refused (401 or 403): info, not a push failure', () => {
    for (const status of [401, 403]) {
      const finding = expectFinding(pushCancelRefused, evidenceWith({ registry: { push: refused(status) } }));
      expect(finding.severity).toBe('info');
      expect(english(finding.title)).toBe(`You can push to ${REGISTRY}/${REPOSITORY}; the doctor could not cancel its test upload`);
      expect(finding.evidence[1]).toMatchObject({ source: `DELETE ${SESSION}` });
      expect(finding.evidence[1]?.detail).toContain('insufficient_scope');
      for (const lang of ['en', 'zh-CN'] as const) expect(allText(finding, lang)).toContain('delete');
    }
  });

  it('finds nothing when the cancel succeeded, when no session opened, or when the cancel failed otherwise', () => {
    expect(pushCancelRefused.detect(evidenceWith({ registry: {} }))).toBeNull();
    const notOpened = pushProbe({}, REGISTRY, REPOSITORY, { upload: { open: exchange('POST', UPLOADS, { status: 401 }), cancel: null } });
    expect(pushCancelRefused.detect(evidenceWith({ registry: { push: notOpened } }))).toBeNull();
    expect(pushCancelRefused.detect(evidenceWith({ registry: { push: refused(500) } }))).toBeNull();
    expect(pushCancelRefused.detect(evidenceWith({ registry: { push: pushProbe({}, REGISTRY, REPOSITORY, { upload: null }) } }))).toBeNull();
  });
});
