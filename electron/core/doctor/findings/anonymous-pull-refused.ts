import type { Detector } from './finding';
import { finding, httpItem, isConfiguredMirror } from './registry-common';

/**
 * A client without credentials cannot pull: the anonymous token request answered 401/403, the
 * anonymous token it gave is refused for the repository (a token that grants nothing), or the
 * /v2/ challenge is Basic only (no token realm at all). On Nexus that is the "Docker Bearer
 * Token Realm" left inactive, or "Allow anonymous docker pull" off (FACTS §6). A warning for a
 * registry the user logs in to; an error for a configured mirror, which Docker always reaches
 * without credentials.
 */
export const anonymousPullRefused: Detector = {
  id: 'anonymous-pull-refused',
  detect(evidence) {
    const registry = evidence.registry;
    if (!registry) return null;
    const token = registry.anonymousToken;
    const tokenRefused = token !== null && (token.status === 401 || token.status === 403);
    const basicOnly = registry.challenges.length > 0 && registry.challenges.some((c) => c.scheme === 'basic') && !registry.challenges.some((c) => c.scheme === 'bearer');
    const repository = registry.anonymousRepository;
    const tokenUseless = token !== null && token.status === 200 && repository !== null && (repository.status === 401 || repository.status === 403);
    if (!tokenRefused && !basicOnly && !tokenUseless) return null;

    const mirror = isConfiguredMirror(evidence.local, registry.registry);
    const items = [httpItem(registry.ping, { headers: ['www-authenticate'] })];
    if ((tokenRefused || tokenUseless) && token) items.push(httpItem(token, { headers: ['www-authenticate'], body: tokenRefused }));
    if (tokenUseless && repository) items.push(httpItem(repository, { headers: ['www-authenticate'], body: true }));
    const why = tokenRefused
      ? { en: `The token service refused a token without credentials (${token?.status}).`, 'zh-CN': `令牌服务拒绝为无凭据的请求签发令牌（${token?.status}）。` }
      : tokenUseless
        ? {
            en: `The token service gives a client without credentials a token, but the registry refuses it for ${registry.repository} (${repository?.status}): the token grants no pull.`,
            'zh-CN': `令牌服务给无凭据的客户端签发了令牌，但仓库以该令牌访问 ${registry.repository} 时被拒绝（${repository?.status}）：该令牌没有拉取权限。`,
          }
        : {
            en: `The /v2/ challenge offers Basic authentication only, so there is no token a client without credentials could get.`,
            'zh-CN': `/v2/ 的认证质询只提供 Basic 认证，没有可供无凭据客户端获取的令牌。`,
          };
    const mirrorEn = mirror ? ` ${registry.registry} is configured as a registry mirror, and Docker reaches mirrors without the user's credentials, so every Docker Hub pull skips it and falls back to registry-1.docker.io.` : '';
    const mirrorZh = mirror ? `${registry.registry} 被配置为镜像加速器 (registry-mirrors)，而 Docker 访问镜像加速器时不会带用户凭据，因此所有 Docker Hub 镜像的拉取都会绕过它，回退到 registry-1.docker.io。` : '';
    return finding({
      id: 'anonymous-pull-refused',
      severity: mirror ? 'error' : 'warning',
      title: {
        en: mirror ? `The mirror ${registry.registry} refuses anonymous pulls` : `${registry.registry} refuses anonymous pulls`,
        'zh-CN': mirror ? `镜像加速器 ${registry.registry} 拒绝匿名拉取` : `${registry.registry} 拒绝匿名拉取`,
      },
      explanation: {
        en: `${why.en} Pulling works only after docker login. On Nexus this means the "Docker Bearer Token Realm" is not active (Security → Realms), or the repository's "Allow anonymous docker pull" is off, or anonymous access is disabled (it is by default on Nexus 3.96 CE).${mirrorEn}`,
        'zh-CN': `${why['zh-CN']}只有先 docker login 才能拉取。在 Nexus 上这说明 "Docker Bearer Token Realm" 未激活（Security → Realms），或仓库的 "Allow anonymous docker pull" 未勾选，或匿名访问被关闭（Nexus 3.96 CE 默认关闭）。${mirrorZh}`,
      },
      evidence: items,
      fix: {
        en: `Ask the Nexus administrator to move "Docker Bearer Token Realm" to Active (Security → Realms), to tick "Allow anonymous docker pull" on the repository, and to enable anonymous access (Security → Anonymous Access).${mirror ? ' Until then, use another mirror.' : ` Or sign in: dockside login ${registry.registry} -u USER --password-stdin.`}`,
        'zh-CN': `请 Nexus 管理员将 "Docker Bearer Token Realm" 移到 Active（Security → Realms），在该仓库上勾选 "Allow anonymous docker pull"，并开启匿名访问（Security → Anonymous Access）。${mirror ? '在此之前请改用其他镜像加速器。' : `或者先登录：dockside login ${registry.registry} -u USER --password-stdin。`}`,
      },
      command: mirror ? null : `dockside login ${registry.registry} -u USER --password-stdin`,
      action: mirror ? null : { kind: 'sign-in', registry: registry.registry },
    });
  },
};
