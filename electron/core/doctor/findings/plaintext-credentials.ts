import type { EvidenceItem } from '../../../../shared/doctor';
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
      items.push({
        kind: 'file',
        source: `${path} (auths["${registry}"])`,
        detail:
          `holds ${fields.map((field) => `"${field}"`).join(', ')} (value not shown)` +
          (helper === null ? '; no credsStore or credHelpers entry applies, so Docker uses it' : `; Docker reads docker-credential-${helper} instead and ignores this copy`),
      });
    }
    if (items.length === 0) return null;
    const all = [...used, ...leftover.map((item) => item.registry)];
    const en: string[] = [];
    const zh: string[] = [];
    if (used.length > 0) {
      en.push(
        `No credential helper is configured for ${used.join(', ')}, so Docker keeps the password (base64 of user:password, which is not encryption) in ${path} and reads it from there. ` +
          `This is what \`docker login\` warns about: "WARNING! Your password will be stored unencrypted in ${path}." Anyone who can read the file — a backup, a copied home directory, a support bundle — gets the password.`,
      );
      zh.push(
        `${used.join('、')} 没有配置凭据助手（credential helper），所以 Docker 把密码（user:password 的 base64，并不是加密）保存在 ${path} 中并从那里读取。` +
          `这正是 \`docker login\` 给出的警告："WARNING! Your password will be stored unencrypted in ${path}." 任何能读到这个文件的人（备份、拷贝的家目录、问题排查打包）都能拿到密码。`,
      );
    }
    if (leftover.length > 0) {
      en.push(
        `${leftover.map((item) => `${item.registry} (docker-credential-${item.helper})`).join(', ')}: Docker reads the credential helper and ignores the plaintext copy, but the copy is still in the file.`,
      );
      zh.push(`${leftover.map((item) => `${item.registry}（docker-credential-${item.helper}）`).join('、')}：Docker 会从凭据助手读取凭据而忽略明文副本，但这份副本仍留在文件里。`);
    }
    return finding({
      id: 'plaintext-credentials',
      severity: 'warning',
      title: {
        en: `${path} holds registry credentials in plaintext (${all.join(', ')})`,
        'zh-CN': `${path} 中有明文保存的镜像仓库凭据（${all.join('、')}）`,
      },
      explanation: { en: en.join(' '), 'zh-CN': zh.join('') },
      evidence: items,
      fix: {
        en: "`dockside creds migrate` moves each secret into the system keychain and leaves `{}` in config.json, which is what Docker itself writes when a credential helper holds the secret; `docker login` then no longer warns.",
        'zh-CN': '执行 `dockside creds migrate`：把每个凭据迁移到系统密钥环中，config.json 里只留下 `{}`——这与 Docker 在使用凭据助手时自己写入的内容一致；之后 `docker login` 也不会再出现该警告。',
      },
      command: 'dockside creds migrate',
      action: { kind: 'creds-migrate' },
    });
  },
};
