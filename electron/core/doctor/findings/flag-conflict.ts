import type { EvidenceItem } from '../../../../shared/doctor';
import { FLAG_COLLISION_ERROR, flagsOfKey } from '../../engine/flag-key-collisions';
import type { Detector } from './finding';
import { finding } from './registry-common';

/**
 * A daemon.json key that the running dockerd also got as a command-line flag: dockerd refuses
 * to start with both (even with equal values), so the next restart leaves the machine without
 * Docker. The running engine started before the file got the key.
 */
export const flagConflict: Detector = {
  id: 'flag-conflict',
  detect(evidence) {
    const { daemonJson, engine } = evidence.local;
    const keys = engine.flagConflicts;
    if (keys.length === 0) return null;
    const flagsOf = (key: string): string => flagsOfKey(key).join(' / ');
    const items: EvidenceItem[] = keys.flatMap((key): EvidenceItem[] => [
      { kind: 'file', source: `${daemonJson.path} ("${key}")`, detail: `daemon.json sets "${key}"` },
      { kind: 'command', source: 'dockerd command line (the running engine)', detail: `also given as ${flagsOf(key)}` },
    ]);
    const list = keys.map((key) => `"${key}" (${flagsOf(key)})`).join(', ');
    const pairs = keys.map((key) => `${key}: (from flag: ..., from file: ...)`).join(', ');
    return finding({
      id: 'flag-conflict',
      severity: 'error',
      title: {
        en: `daemon.json and dockerd's flags both set ${keys.map((key) => `"${key}"`).join(', ')}: Docker will not start again`,
        'zh-CN': `daemon.json 与 dockerd 启动参数同时设置了 ${keys.map((key) => `"${key}"`).join('、')}：Docker 下次将无法启动`,
      },
      explanation: {
        en:
          `${daemonJson.path} sets ${list}, and the running dockerd was started with that flag too. dockerd refuses a setting given both ways, even with the same value: ` +
          `at its next start it stops with "unable to configure the Docker daemon with file ${daemonJson.path}: ${FLAG_COLLISION_ERROR}: ${pairs}". ` +
          'The engine runs now only because it started before the file had the key.',
        'zh-CN':
          `${daemonJson.path} 设置了 ${list}，而当前运行的 dockerd 启动时也带了对应的参数。同一配置既通过参数又通过配置文件给出时，即使取值相同，dockerd 也会拒绝：` +
          `下次启动时会报错 "unable to configure the Docker daemon with file ${daemonJson.path}: ${FLAG_COLLISION_ERROR}: ${pairs}" 并退出。` +
          '引擎现在能运行，只是因为它是在配置文件加入该项之前启动的。',
      },
      evidence: items,
      fix: {
        en:
          'Keep each setting in one place. Usually remove the flag from the service definition: `systemctl cat docker` shows the ExecStart line, ' +
          '`sudo systemctl edit docker` overrides it (an empty `ExecStart=` line, then the command without the flag), then `sudo systemctl daemon-reload`. ' +
          `Or remove the key from ${daemonJson.path} (an empty list still counts as set). Only then restart Docker.`,
        'zh-CN':
          '同一项配置只保留一处。通常是从服务定义中去掉该参数：`systemctl cat docker` 可以看到 ExecStart 行，' +
          '用 `sudo systemctl edit docker` 覆盖它（先写一行空的 `ExecStart=`，再写不带该参数的完整命令），然后执行 `sudo systemctl daemon-reload`。' +
          `或者从 ${daemonJson.path} 中删除该键（写成空列表仍算设置了该项）。改好之后再重启 Docker。`,
      },
      command: null,
    });
  },
};
