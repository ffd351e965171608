import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/**
 * The Bearer challenge points Docker at a plain-HTTP token realm while it talks to the registry
 * over HTTPS: the reverse proxy in front sends `X-Forwarded-Proto http` (or none), so the
 * registry builds its realm URL with the wrong scheme. `docker login` may still succeed, then
 * every pull or push fails with `unauthorized`; and a client that follows the realm sends the
 * password there in clear, which is why `dockside login` refuses it (token-realm-not-https).
 */
export const realmSchemeMismatch: Detector = {
  id: 'realm-scheme-mismatch',
  detect(evidence) {
    const registry = evidence.registry;
    if (!registry) return null;
    let clientScheme: string;
    try {
      clientScheme = new URL(registry.ping.url).protocol;
    } catch {
      return null;
    }
    if (clientScheme !== 'https:') return null;
    for (const challenge of registry.challenges) {
      if (challenge.scheme !== 'bearer' || challenge.params.realm === undefined) continue;
      let realm: URL;
      try {
        realm = new URL(challenge.params.realm);
      } catch {
        continue;
      }
      if (realm.protocol !== 'http:') continue;
      const items = [httpItem(registry.ping, { headers: ['www-authenticate'] })];
      if (registry.anonymousToken) items.push(httpItem(registry.anonymousToken, { body: true }));
      return finding({
        id: 'realm-scheme-mismatch',
        severity: 'error',
        title: {
          en: `${registry.registry}'s token realm is http:// while Docker uses https://`,
          'zh-CN': `${registry.registry} 的令牌地址 (realm) 是 http://，而 Docker 使用的是 https://`,
        },
        explanation: {
          en: `Docker reaches ${registry.registry} over HTTPS, but its /v2/ challenge sends it for tokens to realm="${challenge.params.realm}", a plain-HTTP URL. This is the reverse-proxy mistake: nginx passes X-Forwarded-Proto http (or $scheme of an http listener) to the registry, which then builds the realm URL with http. The token request fails or carries no credentials, so right after a successful docker login a pull or push ends with "unauthorized: access to the requested resource is not authorized". Worse, a client that follows the realm sends the user's password to it in clear, over the network: dockside login refuses to (token-realm-not-https) and sends the password nowhere.`,
          'zh-CN': `Docker 通过 HTTPS 访问 ${registry.registry}，但其 /v2/ 的认证质询让 Docker 到 realm="${challenge.params.realm}" 这个明文 HTTP 地址获取令牌。这是反向代理配置错误：nginx 向仓库传递了 X-Forwarded-Proto http（或 http 监听端口上的 $scheme），仓库便用 http 拼出了 realm 地址。获取令牌的请求会失败或不带凭据，所以即使 docker login 成功，紧接着 pull 或 push 也会报错 "unauthorized: access to the requested resource is not authorized"。更严重的是，按这个 realm 获取令牌的客户端会把用户密码以明文经网络发送过去：dockside login 因此拒绝登录（token-realm-not-https），密码不会发往任何地方。`,
        },
        evidence: items,
        fix: {
          en: `In the nginx server block that terminates TLS for ${registry.registry}, set proxy_set_header X-Forwarded-Proto https; (or $scheme in that https server block) and proxy_set_header Host $host:$server_port;, then nginx -s reload (or set Nexus's Base URL to https://${registry.registry}/). For a Distribution registry with token auth, also check that auth.token.realm is an https:// URL. Then sign in again.`,
          'zh-CN': `在为 ${registry.registry} 终止 TLS 的 nginx server 块中设置 proxy_set_header X-Forwarded-Proto https;（或在该 https server 块中使用 $scheme），以及 proxy_set_header Host $host:$server_port;，然后执行 nginx -s reload（或把 Nexus 的 Base URL 设为 https://${registry.registry}/）。如果是使用令牌认证的 Distribution 仓库，还要确认 auth.token.realm 是 https:// 地址。然后重新登录。`,
        },
        command: null,
      });
    }
    return null;
  },
};
