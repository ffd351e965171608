import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/** Nexus's GroupHandler.INSUFFICIENT_LICENSE, as OSS/CE answers a write to a group repository. */
export const GROUP_DEPLOY_DENIED = 'Deploying to groups is a PRO-licensed feature';

/**
 * The push target is a Nexus group: the push probe's upload was refused with Nexus's
 * `denied: Deploying to groups is a PRO-licensed feature` (400/403), or with 405 (a group's
 * handler takes only GET and HEAD). A Distribution registry in read-only mode also answers 405,
 * but with the `UNSUPPORTED` error code: that one is left alone.
 */
export const pushToGroup: Detector = {
  id: 'push-to-group',
  detect(evidence) {
    const registry = evidence.registry;
    const start = registry?.push?.start;
    if (!registry || !start) return null;
    const denied = (start.status === 400 || start.status === 403) && start.body.includes(GROUP_DEPLOY_DENIED);
    const notAllowed = start.status === 405 && start.method === 'PUT' && !start.body.includes('UNSUPPORTED');
    if (!denied && !notAllowed) return null;
    const repo = registry.repository ?? '<repository>';
    return finding({
      id: 'push-to-group',
      severity: 'error',
      title: {
        en: `${registry.registry} is a Nexus group repository: pushing to it is refused`,
        'zh-CN': `${registry.registry} 是 Nexus 的 group 仓库，无法向其推送镜像`,
      },
      explanation: {
        en:
          (denied
            ? `Opening an upload to ${registry.registry}/${repo} was refused with Nexus's answer "${GROUP_DEPLOY_DENIED}". `
            : `Opening an upload to ${registry.registry}/${repo} was answered 405 Method Not Allowed, which is how a Nexus group answers anything but GET and HEAD. `) +
          `A docker-group repository only merges its members for pulling; in Nexus OSS/CE it never accepts a push, so \`docker push\` ends with "denied: ${GROUP_DEPLOY_DENIED}. See https://links.sonatype.com/product-nexus-repository".`,
        'zh-CN':
          (denied
            ? `向 ${registry.registry}/${repo} 发起上传被拒绝，Nexus 返回 "${GROUP_DEPLOY_DENIED}"。`
            : `向 ${registry.registry}/${repo} 发起上传返回 405 Method Not Allowed，这正是 Nexus group 仓库对 GET、HEAD 以外请求的应答。`) +
          `docker-group 仓库只负责把成员仓库聚合起来供拉取；在 Nexus OSS/CE 中它不接受推送，因此 \`docker push\` 会报错 "denied: ${GROUP_DEPLOY_DENIED}. See https://links.sonatype.com/product-nexus-repository"。`,
      },
      evidence: [httpItem(start, { headers: ['server', 'content-type'], body: true })],
      fix: {
        en: `Push to the hosted repository's endpoint instead (its own connector port, e.g. docker tag <image> <hosted-host:port>/${repo}:<tag>, then docker login and docker push there), and keep pulling through the group. Or, with one hostname behind nginx, route GET/HEAD to the group and PUT/POST/PATCH/DELETE to the hosted repository (with client_max_body_size 0).`,
        'zh-CN': `请改为推送到 hosted 仓库的地址（它自己的连接器端口，例如 docker tag <镜像> <hosted 主机:端口>/${repo}:<标签>，再对该地址 docker login 和 docker push），拉取仍然走 group。如果通过 nginx 对外只暴露一个域名，则让 GET/HEAD 转发到 group，PUT/POST/PATCH/DELETE 转发到 hosted 仓库（并设置 client_max_body_size 0）。`,
      },
      command: null,
    });
  },
};
