import type { Detector } from './finding';
import { finding, httpItem, registryExchanges } from './registry-common';

/**
 * A 429 from the registry: Nexus 3.96 answers `429 Too many authentication attempts` after 3
 * failed logins for a username and blocks that user for 15 minutes (FACTS §6). Every further
 * attempt with a wrong password only extends the trouble, so the fix is to wait, never to retry.
 */
export const tooManyAttempts: Detector = {
  id: 'too-many-attempts',
  detect(evidence) {
    const registry = evidence.registry;
    if (!registry) return null;
    const locked = registryExchanges(evidence).filter((exchange) => exchange.status === 429);
    if (locked.length === 0) return null;
    return finding({
      id: 'too-many-attempts',
      severity: 'error',
      title: {
        en: `${registry.registry} answered 429: too many authentication attempts`,
        'zh-CN': `${registry.registry} 返回 429：认证尝试次数过多`,
      },
      explanation: {
        en: `The registry refused the request with 429 Too Many Requests. Nexus answers "Too many authentication attempts" after 3 failed logins for a username and locks that user out for 15 minutes; any further attempt, even with the right password, fails until then. A script or credential helper that retries a wrong password keeps the account locked.`,
        'zh-CN': `仓库以 429 Too Many Requests 拒绝了请求。Nexus 在同一用户名连续 3 次登录失败后会返回 "Too many authentication attempts"，并将该用户锁定 15 分钟；在此期间即使密码正确也会失败。如果有脚本或凭据助手在反复用错误密码重试，账号会一直处于锁定状态。`,
      },
      evidence: locked.map((exchange) => httpItem(exchange, { headers: ['retry-after'], body: true })),
      fix: {
        en: `Do not retry now. Stop whatever retries with the old password (CI jobs, scripts, a stale entry in config.json), wait 15 minutes, check the password, then sign in once: dockside login ${registry.registry} -u USER --password-stdin. A Nexus administrator can unlock the user sooner.`,
        'zh-CN': `现在不要重试。先停掉所有还在用旧密码重试的东西（CI 任务、脚本、config.json 中过期的凭据），等待 15 分钟并确认密码无误后，只登录一次：dockside login ${registry.registry} -u USER --password-stdin。Nexus 管理员也可以提前为该用户解锁。`,
      },
      command: null,
    });
  },
};
