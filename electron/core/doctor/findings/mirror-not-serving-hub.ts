import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { mirrorItems, mirrorsWithStatus, otherUsableMirrors } from './hosted-as-mirror';
import { finding } from './registry-common';

/**
 * A configured mirror that does not work for another reason than being a hosted repository or
 * asking for login: not a registry, unreachable, timing out, failing TLS. Docker moves on to the
 * next mirror, then to registry-1.docker.io, after waiting for it on every pull.
 */
export const mirrorNotServingHub: Detector = {
  id: 'mirror-not-serving-hub',
  detect(evidence) {
    const bad = mirrorsWithStatus(evidence, ['not-a-registry', 'unreachable', 'timeout', 'tls-error', 'error']);
    if (bad.length === 0) return null;
    const urls = bad.map((result) => result.url);
    const better = otherUsableMirrors(evidence, bad);
    const anyConfiguredUsable = better.length > 0;
    const command = anyConfiguredUsable ? `dockside mirrors use ${better.join(' ')}` : 'dockside mirrors clear';
    const params = { urls: urls.join(', '), url: urls[0] ?? '', command };
    return finding({
      id: 'mirror-not-serving-hub',
      severity: 'warning',
      title: msg('doctor.mirror-not-serving-hub.title', params),
      explanation: msg('doctor.mirror-not-serving-hub.explanation', params),
      evidence: bad.flatMap((result) => mirrorItems(evidence, result)),
      fix: msg(anyConfiguredUsable ? 'doctor.mirror-not-serving-hub.fix.other-mirrors' : 'doctor.mirror-not-serving-hub.fix.no-mirror', params),
      command,
      action: anyConfiguredUsable ? { kind: 'mirrors-use', urls: better } : { kind: 'mirrors-clear' },
    });
  },
};
