import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/** What `docker push` prints when the HEAD after a blob's upload is answered 404 (distribution's ErrBlobUnknown). */
export const UNKNOWN_BLOB = 'unknown blob';

/** nginx routing that keeps the split and sends the HEAD after an upload where the blob went (upstreams named as in Nexus). */
export const NGINX_FIX = 'map "$request_method $uri" $backend { default nexus_hosted; "~^GET " nexus_group; "~^HEAD /v2/.+/manifests/" nexus_group; }';

/**
 * One hostname whose pushes and pulls reach different backends, and the pull side does not see
 * what the push side stored: the probe blob was uploaded (PUT 201) and the HEAD that follows,
 * as Docker's blob writer sends it after each upload, was answered 404 by the same front. That
 * is the nginx GET/HEAD-to-group, PUT/POST/PATCH/DELETE-to-hosted split whose group lacks the
 * hosted repository: every `docker push` ends with "unknown blob".
 */
export const splitPullLacksHosted: Detector = {
  id: 'split-pull-lacks-hosted',
  detect(evidence) {
    const registry = evidence.registry;
    const blob = registry?.push?.blob;
    const stored = blob?.stored.at(-1);
    if (!registry || !blob || !stored || stored.status !== 201 || blob.after?.status !== 404) return null;
    const repo = registry.repository ?? '<repository>';
    const name = registry.registry;
    return finding({
      id: 'split-pull-lacks-hosted',
      severity: 'error',
      title: {
        en: `${name} stores pushed blobs where its pulls do not look: docker push fails with "${UNKNOWN_BLOB}"`,
        'zh-CN': `${name} 推送的数据存到了拉取看不到的地方：docker push 会报错 "${UNKNOWN_BLOB}"`,
      },
      explanation: {
        en:
          `A small test blob was uploaded to ${name}/${repo} and accepted (201 Created), but right after, HEAD for that blob on the same address was answered 404. ` +
          `Docker sends exactly this HEAD after every layer it uploads, so each \`docker push\` ends with "${UNKNOWN_BLOB}". ` +
          `This is the reverse-proxy layout that sends GET/HEAD to a Nexus group (pull) and PUT/POST/PATCH/DELETE to the hosted repository (push): the HEAD goes to the group, and the group does not contain the hosted repository.`,
        'zh-CN':
          `向 ${name}/${repo} 上传的一个小测试 blob 已被接受（201 Created），但随后在同一地址对该 blob 的 HEAD 请求返回 404。` +
          `Docker 每上传完一个层都会发送这样的 HEAD 请求，因此每次 \`docker push\` 都会以 "${UNKNOWN_BLOB}" 失败。` +
          `这是反向代理把 GET/HEAD 转发到 Nexus group（拉取）、把 PUT/POST/PATCH/DELETE 转发到 hosted 仓库（推送）的布局：HEAD 请求到了 group，而该 group 并不包含这个 hosted 仓库。`,
      },
      evidence: [httpItem(stored), httpItem(blob.after, { headers: ['server', 'docker-distribution-api-version'], body: true })],
      fix: {
        en:
          'In Nexus, add the hosted repository to the group\'s members (Settings > Repositories > <group> > Group: move the hosted repository to "Members", first in the list), so pulls through the group see what was pushed. ' +
          `Or in nginx, send HEAD of blobs to the hosted repository together with the writes, and keep GET and HEAD of manifests on the group (pulls look tags up with them): \`${NGINX_FIX}\` with \`proxy_pass http://$backend;\`.`,
        'zh-CN':
          '在 Nexus 中把该 hosted 仓库加入 group 的成员（Settings > Repositories > <group> > Group：把 hosted 仓库移到 "Members" 并排在第一位），这样通过 group 拉取就能看到推送的内容。' +
          `或者在 nginx 中让对 blob 的 HEAD 请求与写请求一起转发到 hosted 仓库，而对 manifest 的 GET 和 HEAD 仍转发到 group（拉取时用它们查询标签）：\`${NGINX_FIX}\`，配合 \`proxy_pass http://$backend;\`。`,
      },
      command: null,
    });
  },
};
