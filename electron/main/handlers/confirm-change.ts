import type { SecretStore } from '../../../shared/credentials';
import type { UiLanguage } from '../../../shared/ipc';
import type { ChangeItem } from '../../../shared/setup';

/**
 * The question main asks before it applies a change, in the user's language: what the change
 * touches, item by item, from the change main planned and keeps (never text the renderer sent).
 */
export interface ChangeConfirmation {
  language: UiLanguage;
  title: string;
  message: string;
  detail: string;
  /** The button that applies; the other one (the default, and Escape) cancels. */
  apply: string;
  cancel: string;
}

type FileItem = Extract<ChangeItem, { kind: 'file' }>;

interface ConfirmWords {
  title: string;
  message: string;
  apply: string;
  cancel: string;
  file: Record<FileItem['role'], Record<FileItem['action'], string>>;
  admin: string;
  user: string;
  /** One file: what is done to it, its path, and as whom. */
  fileLine: (what: string, path: string, who: string) => string;
  keychain: (username: string, registry: string, store: string) => string;
  store: (store: SecretStore) => string;
  engine: Record<'reload' | 'restart', string>;
  verify: (mirrors: string, insecure: string) => string;
  password: string;
  noPassword: string;
}

const EN: ConfirmWords = {
  title: 'Apply the change',
  message: 'Apply this change to Docker on this computer?',
  apply: 'Apply',
  cancel: 'Cancel',
  file: {
    'daemon-json': { create: 'Create Docker’s daemon.json', modify: 'Change Docker’s daemon.json', remove: 'Remove Docker’s daemon.json' },
    'ca-cert': { create: 'Install the registry’s CA', modify: 'Replace the registry’s CA', remove: 'Remove the registry’s CA' },
    'docker-config': { create: 'Create your Docker config.json', modify: 'Update your Docker config.json', remove: 'Remove your Docker config.json' },
  },
  admin: 'as administrator',
  user: 'as you',
  fileLine: (what, path, who) => `${what}: ${path} (${who})`,
  keychain: (username, registry, store) => `Keep the password of ${username} for ${registry} ${store}`,
  store: (store) =>
    store.source === 'plaintext' || store.helper === null
      ? 'in config.json as plain base64'
      : store.source === 'dockside'
        ? 'in the system keychain (docker-credential-dockside)'
        : `with docker-credential-${store.helper}`,
  engine: {
    reload: 'Reload the Docker engine (running containers keep running)',
    restart: 'Restart the Docker engine (running containers stop unless they have a restart policy)',
  },
  verify: (mirrors, insecure) => `Check that Docker reports the mirrors (${mirrors}) and insecure registries (${insecure})`,
  password: 'Your system then asks for an administrator password, once.',
  noPassword: 'No administrator password is needed.',
};

const ZH_CN: ConfirmWords = {
  title: '应用变更',
  message: '要对本机的 Docker 应用此变更吗？',
  apply: '应用',
  cancel: '取消',
  file: {
    'daemon-json': { create: '创建 Docker 的 daemon.json', modify: '修改 Docker 的 daemon.json', remove: '删除 Docker 的 daemon.json' },
    'ca-cert': { create: '安装镜像仓库的 CA', modify: '替换镜像仓库的 CA', remove: '删除镜像仓库的 CA' },
    'docker-config': { create: '创建你的 Docker config.json', modify: '更新你的 Docker config.json', remove: '删除你的 Docker config.json' },
  },
  admin: '以管理员身份',
  user: '以你的账号',
  fileLine: (what, path, who) => `${what}：${path}（${who}）`,
  keychain: (username, registry, store) => `保存 ${username} 在 ${registry} 的密码：${store}`,
  store: (store) =>
    store.source === 'plaintext' || store.helper === null
      ? '以 base64 明文存入 config.json'
      : store.source === 'dockside'
        ? '存入系统钥匙串（docker-credential-dockside）'
        : `由 docker-credential-${store.helper} 保存`,
  engine: {
    reload: '重新加载 Docker 引擎（运行中的容器继续运行）',
    restart: '重启 Docker 引擎（没有重启策略的容器会停止）',
  },
  verify: (mirrors, insecure) => `检查 Docker 是否报告这些加速器（${mirrors}）和非安全镜像仓库（${insecure}）`,
  password: '随后系统会请求一次管理员密码。',
  noPassword: '不需要管理员密码。',
};

const WORDS: Record<UiLanguage, ConfirmWords> = { en: EN, 'zh-CN': ZH_CN };

/** The OS's language list mapped to one of the app's (as the renderer picks its own at start): any Chinese gets zh-CN. */
export function languageOf(preferred: readonly string[]): UiLanguage {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** At most this many changed lines of one file are quoted; the window shows the whole diff. */
const MAX_QUOTED_LINES = 12;

/**
 * The lines the change adds or removes in one file, from main's own diff of it (GNU `diff -u`):
 * only the `+`/`-` lines of that file's section, no context, no headers.
 */
export function changedLines(diff: string, path: string): string[] {
  const lines: string[] = [];
  let before: string | null = null;
  let current: string | null = null;
  for (const text of diff.split('\n')) {
    if (text.startsWith('--- ')) {
      before = text.slice(4);
      current = null;
    } else if (text.startsWith('+++ ') && before !== null) {
      const after = text.slice(4);
      current = after === '/dev/null' ? before : after;
      before = null;
    } else if (current === path && (text.startsWith('+') || text.startsWith('-'))) {
      lines.push(text);
    }
  }
  return lines;
}

function quoted(lines: readonly string[]): string[] {
  const shown = lines.slice(0, MAX_QUOTED_LINES).map((text) => `    ${text}`);
  return lines.length > MAX_QUOTED_LINES ? [...shown, '    …'] : shown;
}

function line(item: ChangeItem, words: ConfirmWords): string {
  switch (item.kind) {
    case 'file':
      return words.fileLine(words.file[item.role][item.action], item.path, item.elevated ? words.admin : words.user);
    case 'keychain':
      return words.keychain(item.username, item.registry, words.store(item.store));
    case 'engine':
      return words.engine[item.action];
    case 'verify':
      return words.verify(item.expected.mirrors.join(', ') || '—', item.expected.insecureRegistries.join(', ') || '—');
  }
}

/**
 * The confirmation of a change main keeps: one line per item (under daemon.json, the lines it
 * changes: the mirrors and insecure registries), then whether an administrator password will be asked.
 */
export function confirmationOf(change: { items: readonly ChangeItem[]; diff: string }, language: UiLanguage): ChangeConfirmation {
  const words = WORDS[language];
  const elevated = change.items.some((item) => item.kind === 'file' && item.elevated);
  const lines = change.items.flatMap((item) => [
    `• ${line(item, words)}`,
    ...(item.kind === 'file' && item.role === 'daemon-json' ? quoted(changedLines(change.diff, item.path)) : []),
  ]);
  const detail = [...lines, '', elevated ? words.password : words.noPassword].join('\n');
  return { language, title: words.title, message: words.message, detail, apply: words.apply, cancel: words.cancel };
}
