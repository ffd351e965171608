import type { EvidenceItem } from '../../../../shared/doctor';
import type { Detector } from './finding';
import { finding } from './registry-common';

/** `<path>:<line>:<column>: <problem>. dockerd refuses ...` as the daemon.json reader words it. */
const LOCATED = /^(.+?:\d+:\d+): (.+?)\. dockerd refuses/s;

/** The error codes of a daemon.json that dockerd itself would refuse (an unreadable file is only unreadable to this user). */
const REFUSED_CODES = new Set(['daemon-json-invalid']);

/**
 * daemon.json is not valid JSON (or a registry key has the wrong type): dockerd stops at start
 * with `unable to configure the Docker daemon with file <path>: invalid character ...`, so the
 * next restart (or boot) leaves the machine without Docker.
 */
export const daemonJsonInvalid: Detector = {
  id: 'daemon-json-invalid',
  detect(evidence) {
    const daemon = evidence.local.daemonJson;
    const error = daemon.error;
    if (error === null || !REFUSED_CODES.has(error.code)) return null;
    const located = LOCATED.exec(error.message);
    const where = located?.[1] ?? daemon.path;
    const problem = located?.[2] ?? error.message;
    const item: EvidenceItem = { kind: 'file', source: where, detail: problem };
    return finding({
      id: 'daemon-json-invalid',
      severity: 'error',
      title: {
        en: `${daemon.path} is not valid: dockerd will refuse to start`,
        'zh-CN': `${daemon.path} 格式错误：dockerd 将无法启动`,
      },
      explanation: {
        en:
          `${where}: ${problem}. dockerd reads daemon.json only when it starts, and refuses to start with a file it cannot parse ` +
          `("unable to configure the Docker daemon with file ${daemon.path}: invalid character ..."). ` +
          'A running engine keeps its old settings until it restarts, so this often shows up only after the next reboot or `systemctl restart docker`, ' +
          'and a reload (SIGHUP) only logs "Error reconfiguring the daemon".',
        'zh-CN':
          `${where}：${problem}。dockerd 只在启动时读取 daemon.json，文件无法解析时会直接拒绝启动` +
          `（报错 "unable to configure the Docker daemon with file ${daemon.path}: invalid character ..."）。` +
          '正在运行的引擎会沿用旧配置直到重启，所以问题往往要到下次重启机器或执行 `systemctl restart docker` 时才暴露；' +
          '而 reload（SIGHUP）只会在日志里留下 "Error reconfiguring the daemon"。',
      },
      evidence: [item],
      fix: {
        en:
          `Correct ${where} by hand (strict JSON: double quotes, no comments, no trailing comma), and check it with \`dockerd --validate --config-file ${daemon.path}\` (Engine 23+ prints "configuration OK"). ` +
          "If the file was valid before Dockside's last change, `dockside rollback` restores the backup it kept (it shows the diff first).",
        'zh-CN':
          `请手工修正 ${where}（严格 JSON：使用双引号，不能有注释，最后一项后面不能有逗号），然后用 \`dockerd --validate --config-file ${daemon.path}\` 校验（Engine 23 及以上会输出 "configuration OK"）。` +
          '如果是 Dockside 上一次修改后才出错，可以执行 `dockside rollback` 恢复它保留的备份（执行前会先显示差异）。',
      },
      command: 'dockside rollback',
      action: { kind: 'rollback' },
    });
  },
};
