import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/** What Docker prints when a 404 carries an HTML page instead of a Distribution error. */
export const HTML_404_ERROR = `error parsing HTTP 404 response body: invalid character '<' looking for beginning of value`;

/**
 * The push target is a Nexus proxy repository: the push probe's upload was answered 404 with an
 * HTML page (Nexus's error page) instead of a Distribution JSON error. Nexus's exact answer to a
 * push to a proxy is not documented (FACTS §6); the seeds show this page, so the finding says
 * "most likely".
 */
export const pushToProxy: Detector = {
  id: 'push-to-proxy',
  detect(evidence) {
    const registry = evidence.registry;
    const start = registry?.push?.start;
    if (!registry || !start || start.status !== 404) return null;
    const html = start.body.trimStart().startsWith('<') || (start.headers['content-type'] ?? '').toLowerCase().includes('text/html');
    if (!html) return null;
    const repo = registry.repository ?? '<repository>';
    return finding({
      id: 'push-to-proxy',
      severity: 'error',
      title: {
        en: `${registry.registry} does not take pushes: most likely a Nexus proxy repository`,
        'zh-CN': `${registry.registry} 不接受推送：很可能是 Nexus 的 proxy 仓库`,
      },
      explanation: {
        en: `Opening an upload to ${registry.registry}/${repo} was answered 404 with an HTML page (Nexus's error page) instead of a registry's JSON error. A docker-proxy repository only caches a remote registry and cannot store your images; Docker cannot read the page and prints "${HTML_404_ERROR}".`,
        'zh-CN': `向 ${registry.registry}/${repo} 发起上传时返回了 404 和一个 HTML 页面（Nexus 的错误页），而不是镜像仓库的 JSON 错误。docker-proxy 仓库只是缓存远端仓库，不能存放你自己的镜像；Docker 无法解析这个页面，于是报错 "${HTML_404_ERROR}"。`,
      },
      evidence: [httpItem(start, { headers: ['server', 'content-type'], body: true })],
      fix: {
        en: `Push to the hosted repository's endpoint (its own connector port): docker tag <image> <hosted-host:port>/${repo}:<tag>, docker login and docker push there. Pull through the proxy or a group that contains it. Behind nginx, route PUT/POST/PATCH/DELETE to the hosted repository.`,
        'zh-CN': `请推送到 hosted 仓库的地址（它自己的连接器端口）：docker tag <镜像> <hosted 主机:端口>/${repo}:<标签>，然后对该地址 docker login 并 docker push。拉取可以继续走 proxy 或包含它的 group。如果前面有 nginx，请把 PUT/POST/PATCH/DELETE 转发到 hosted 仓库。`,
      },
      command: null,
    });
  },
};
