import type { Detector } from './finding';
import { mirrorItems, mirrorsWithStatus } from './hosted-as-mirror';
import { finding } from './registry-common';

/**
 * A configured mirror that asks for login: Docker reaches mirrors without the user's
 * credentials (never sends a registry's login to a mirror), so it never gets an image from it.
 */
export const mirrorRefusesAnonymous: Detector = {
  id: 'mirror-refuses-anonymous',
  detect(evidence) {
    const bad = mirrorsWithStatus(evidence, ['auth-required']);
    if (bad.length === 0) return null;
    const urls = bad.map((result) => result.url);
    return finding({
      id: 'mirror-refuses-anonymous',
      severity: 'error',
      title: {
        en: `Mirror ${urls.join(', ')} requires login: Docker cannot use it`,
        'zh-CN': `镜像加速器 ${urls.join('、')} 要求登录：Docker 无法使用它`,
      },
      explanation: {
        en:
          `${urls.join(', ')} refuses anonymous pulls (401 even for the token). Docker reaches mirrors without the user's credentials — \`docker login\` to the mirror's host does not help — ` +
          'so every Docker Hub pull fails there and falls back to registry-1.docker.io, which is slow or blocked. ' +
          'A Nexus proxy or group used as a mirror must allow anonymous pull.',
        'zh-CN':
          `${urls.join('、')} 拒绝匿名拉取（连获取 token 都返回 401）。Docker 访问镜像加速器时不会带上用户的凭据——对加速器主机执行 \`docker login\` 也没有用——` +
          '所以每次拉取 Docker Hub 镜像都会在这里失败，然后回退到 registry-1.docker.io，而它很慢甚至不通。' +
          '用作镜像加速器的 Nexus proxy 或 group 仓库必须允许匿名拉取。',
      },
      evidence: bad.flatMap((result) => mirrorItems(evidence, result)),
      fix: {
        en:
          'In Nexus (as an administrator): Security > Realms, move "Docker Bearer Token Realm" to Active; Security > Anonymous Access, allow anonymous users to access the server; ' +
          'and in the proxy or group repository, tick "Allow anonymous docker pull". Then check with `dockside mirrors probe <URL>`. If you cannot change Nexus, remove this mirror (`dockside mirrors use <other URL>` or `dockside mirrors clear`).',
        'zh-CN':
          '在 Nexus 中（需要管理员）：Security > Realms，把 "Docker Bearer Token Realm" 移到 Active；Security > Anonymous Access，允许匿名用户访问；' +
          '并在该 proxy 或 group 仓库中勾选 "Allow anonymous docker pull"。然后用 `dockside mirrors probe <URL>` 验证。如果无权修改 Nexus，请移除这个加速器（`dockside mirrors use <其他 URL>` 或 `dockside mirrors clear`）。',
      },
      command: null,
    });
  },
};
