/** The CLI's own words in both languages; messages from core (errors, plan steps) stay in English for now. */
const en = {
  reason: 'Why',
  changes: 'Changes',
  steps: 'Steps',
  warning: 'Warning',
  confirm: 'Apply this change? [y/N] ',
  declined: 'Nothing was changed.',
  needsYes: 'Nothing was changed: there is no terminal to confirm at. Run again with --yes to apply this plan.',
  unchanged: 'Nothing to do: daemon.json already says this and the engine uses it.',
  applied: 'Done: the Docker engine uses the new settings.',
  appliedNoEngine: 'Done: daemon.json is written. No Docker engine is running; it reads the file when it starts.',
  rolledBack: 'Rolled back: the engine did not take the change, so the previous files are in place again.',
  failed: 'Failed.',
  backup: 'Backup',
  active: 'Active now',
  differences: 'Differences',
  mirrors: 'mirrors',
  insecure: 'insecure registries',
  engine: 'Engine',
  notRunning: 'not running',
  file: 'daemon.json',
  missing: 'missing (Docker runs with its defaults)',
  certsDir: 'certs.d',
  drift: 'Drift',
  noDrift: 'none: the engine uses what daemon.json says',
  none: '(none)',
} as const;

export type CliMessages = { [K in keyof typeof en]: string };

const zhCN: CliMessages = {
  reason: '原因',
  changes: '变更',
  steps: '步骤',
  warning: '警告',
  confirm: '应用此变更？[y/N] ',
  declined: '未做任何更改。',
  needsYes: '未做任何更改：没有可确认的终端。加上 --yes 重新运行以应用此计划。',
  unchanged: '无需操作：daemon.json 已是这样，Docker 引擎也已在使用。',
  applied: '完成：Docker 引擎已使用新设置。',
  appliedNoEngine: '完成：已写入 daemon.json。当前没有运行的 Docker 引擎，它启动时会读取该文件。',
  rolledBack: '已回滚：Docker 引擎未接受此变更，原来的文件已恢复。',
  failed: '失败。',
  backup: '备份',
  active: '当前生效',
  differences: '差异',
  mirrors: '镜像加速器',
  insecure: '非安全仓库',
  engine: '引擎',
  notRunning: '未运行',
  file: 'daemon.json',
  missing: '不存在（Docker 使用默认设置）',
  certsDir: 'certs.d',
  drift: '偏差',
  noDrift: '无：引擎与 daemon.json 一致',
  none: '（无）',
};

export type Lang = 'en' | 'zh-CN';

export function messagesFor(lang: Lang): CliMessages {
  return lang === 'zh-CN' ? zhCN : en;
}

/** --lang, else LANG/LC_ALL starting with zh, else English. */
export function pickLang(option: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (option === 'en' || option === 'zh-CN') return option;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
