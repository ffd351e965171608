import type { EvidenceItem } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding } from './registry-common';

/**
 * certs.d holds a `_default` directory (the containerd image store applies it to EVERY registry)
 * or a registry directory with a `hosts.toml` (it overrides daemon.json's mirrors for that
 * registry): settings that change where Docker goes without appearing in daemon.json.
 */
export const certsDRedirect: Detector = {
  id: 'certs-d-redirect',
  detect(evidence) {
    const { dir, defaultDir, hostsToml } = evidence.local.certsD;
    if (!defaultDir && hostsToml.length === 0) return null;
    const items: EvidenceItem[] = [];
    if (defaultDir) items.push({ kind: 'file', source: `${dir}/_default`, detail: '', text: msg('doctor.evidence.certs-d-default') });
    for (const name of hostsToml) {
      items.push({ kind: 'file', source: `${dir}/${name}/hosts.toml`, detail: '', text: name === '_default' ? msg('doctor.evidence.hosts-toml.default') : msg('doctor.evidence.hosts-toml', { registry: name }) });
    }
    const named = hostsToml.filter((name) => name !== '_default');
    const entries = [...(defaultDir ? ['_default'] : []), ...named.map((name) => `${name}/hosts.toml`)].join(', ');
    const files = named.map((name) => `${dir}/${name}/hosts.toml`).join(', ');
    const which = defaultDir && named.length > 0 ? 'both' : defaultDir ? 'default' : 'hosts-toml';
    const params = { dir, entries, files };
    return finding({
      id: 'certs-d-redirect',
      severity: 'warning',
      title: msg('doctor.certs-d-redirect.title', params),
      explanation: msg(`doctor.certs-d-redirect.explanation.${which}`, params),
      evidence: items,
      fix: msg('doctor.certs-d-redirect.fix', params),
      command: null,
    });
  },
};
