import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/**
 * Push is allowed (the upload session opened: 202) but its cancel was refused (401/403): the
 * token lacks the `delete` action, which Distribution requires for every DELETE, an upload's
 * cancel included. `docker push` never cancels, so it is not affected; only the doctor's probe
 * leaves an empty upload session for the registry to purge.
 */
export const pushCancelRefused: Detector = {
  id: 'push-cancel-refused',
  detect(evidence) {
    const registry = evidence.registry;
    const upload = registry?.push?.upload;
    const cancel = upload?.cancel;
    if (!registry || !upload || !cancel || upload.open.status !== 202 || (cancel.status !== 401 && cancel.status !== 403)) return null;
    const target = `${registry.registry}/${registry.repository ?? '<repository>'}`;
    return finding({
      id: 'push-cancel-refused',
      severity: 'info',
      title: {
        en: `You can push to ${target}; the doctor could not cancel its test upload`,
        'zh-CN': `你可以推送到 ${target}；只是 doctor 无法取消它的测试上传`,
      },
      explanation: {
        en:
          `The registry opened an upload session for your credentials (202 Accepted), so \`docker push\` is allowed. Cancelling that empty session was refused (${cancel.status}): ` +
          'the registry requires the "delete" permission for any DELETE, an upload\'s cancel included, and your account or token does not have it. Docker never cancels an upload while pushing, so pushes are not affected. The empty session stores no data; the registry removes abandoned uploads by itself (Nexus after 24 hours, Distribution\'s upload purging after a week by default).',
        'zh-CN':
          `镜像仓库为你的凭据打开了上传会话（202 Accepted），所以 \`docker push\` 是允许的。取消这个空会话被拒绝（${cancel.status}）：` +
          '该仓库对任何 DELETE 请求（包括取消上传）都要求 "delete" 权限，而你的账号或令牌没有该权限。Docker 推送时从不取消上传，因此推送不受影响。空会话不保存任何数据，仓库会自行清理被放弃的上传（Nexus 24 小时后，Distribution 的 upload purging 默认一周后）。',
      },
      evidence: [httpItem(upload.open, { headers: ['location'] }), httpItem(cancel, { headers: ['www-authenticate'], body: true })],
      fix: {
        en: 'Nothing is needed for pushing. To let the doctor clean up after itself, grant the account delete on this repository (Nexus: the nx-repository-view-docker-<repository>-delete privilege; a Distribution token service: the "delete" action).',
        'zh-CN': '推送无需任何修改。如果希望 doctor 能清理自己的测试上传，请为该账号授予此仓库的 delete 权限（Nexus：nx-repository-view-docker-<仓库>-delete 权限；Distribution 的令牌服务：授予 "delete" 操作）。',
      },
      command: null,
    });
  },
};
