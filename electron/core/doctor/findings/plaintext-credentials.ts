import type { EvidenceItem } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
import { plaintextSecretOf } from '../../credentials/config-entries';
import { credHelperOf, type DockerConfig } from '../../credentials/docker-config';
import type { Detector } from './finding';
import { finding } from './registry-common';

/** The fields of an `auths` entry that hold a secret (Docker writes `auth`; older tools the others). */
const SECRET_FIELDS = ['auth', 'identitytoken', 'password'] as const;

/** The docker CLI's ConvertToHostname: credHelpers are keyed by host[:port], auths by what login wrote (maybe a URL). */
export function credentialHostname(serverAddress: string): string {
  const bare = serverAddress.replace(/^https?:\/\//, '');
  return bare.split('/')[0] ?? bare;
}

/** The helper Docker asks for this `auths` key (credHelpers for its host wins over credsStore); null: config.json itself. */
export function helperFor(config: DockerConfig, registry: string): string | null {
  const named = credHelperOf(config, credentialHostname(registry));
  if (typeof named === 'string' && named !== '') return named;
  return typeof config.credsStore === 'string' && config.credsStore !== '' ? config.credsStore : null;
}

/**
 * config.json holds registry secrets itself (base64 is not encryption). With no helper for the
 * registry, Docker reads them from the file (what `docker login` warns about); with a helper,
 * Docker ignores the copy, but it is still readable in the file. Names registries, never secrets.
 */
export const plaintextCredentials: Detector = {
  id: 'plaintext-credentials',
  detect(evidence) {
    const { path, config } = evidence.local.config;
    if (config === null) return null;
    const used: string[] = [];
    const leftover: Array<{ registry: string; helper: string }> = [];
    const items: EvidenceItem[] = [];
    for (const [registry, entry] of Object.entries(config.auths ?? {})) {
      if (plaintextSecretOf(entry) === null) continue;
      const fields = SECRET_FIELDS.filter((field) => typeof entry[field] === 'string' && entry[field] !== '');
      const helper = helperFor(config, registry);
      if (helper === null) used.push(registry);
      else leftover.push({ registry, helper });
      const quoted = fields.map((field) => `"${field}"`).join(', ');
      items.push({
        kind: 'file',
        source: `${path} (auths["${registry}"])`,
        detail: quoted,
        text: helper === null ? msg('doctor.evidence.plaintext.used') : msg('doctor.evidence.plaintext.ignored', { helper: `docker-credential-${helper}` }),
      });
    }
    if (items.length === 0) return null;
    const all = [...used, ...leftover.map((item) => item.registry)];
    const which = used.length > 0 && leftover.length > 0 ? 'both' : used.length > 0 ? 'used' : 'leftover';
    const params = {
      path,
      registries: all.join(', '),
      used: used.join(', '),
      leftover: leftover.map((item) => `${item.registry} (docker-credential-${item.helper})`).join(', '),
    };
    return finding({
      id: 'plaintext-credentials',
      severity: 'warning',
      title: msg('doctor.plaintext-credentials.title', params),
      explanation: msg(`doctor.plaintext-credentials.explanation.${which}`, params),
      evidence: items,
      fix: msg('doctor.plaintext-credentials.fix'),
      command: 'dockside creds migrate',
      action: { kind: 'creds-migrate' },
    });
  },
};
