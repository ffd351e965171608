import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../../../shared/message';
import { en } from '../../../../../shared/locales/en';
import { zhCN } from '../../../../../shared/locales/zh-CN';
import { collectCandidates } from '../../../../../electron/core/mirrors/candidates';
import { type CatalogEntry, loadCatalog, OWN_ID } from '../../../../../electron/core/mirrors/catalog';
import { probeMirrorsRequest } from '../../../../../electron/core/mirrors/probe-request';
import { rejectionOf } from '../../../dockside-error';
import { english } from '../../../../harness/english';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

const CATALOG = fileURLToPath(new URL('../../../../../resources/mirrors.json', import.meta.url));

const messagesOf = (entry: CatalogEntry): Message[] => [entry.operator, entry.note, ...(entry.status === 'retired' ? [entry.retired.reason] : [])];

describe('resources/mirrors.json', () => {
  let catalog: CatalogEntry[];

  beforeAll(async () => {
    catalog = await loadCatalog(CATALOG);
  });

  const byUrl = (url: string): CatalogEntry | undefined => catalog.find((entry) => entry.url === url);

  it('offers the public Docker Hub mirrors in use in China today, each a valid mirror URL', () => {
    const active = catalog.filter((entry) => entry.status === 'active').map((entry) => entry.url);
    for (const url of ['https://docker.m.daocloud.io', 'https://docker.1ms.run', 'https://dockerproxy.net', 'https://docker.1panel.live', 'https://docker.xuanyuan.me', 'https://mirror.gcr.io']) {
      expect(active).toContain(url);
    }
    const { candidates, invalid } = collectCandidates([{ source: 'catalog', urls: active }]);
    expect(invalid).toEqual([]);
    expect(candidates).toHaveLength(active.length);
  });

  it('describes a cloud vendor’s personal accelerator as needing the user’s own ID, never as a host to probe', () => {
    const aliyun = catalog.find((entry) => entry.id === 'aliyun');
    expect(aliyun).toMatchObject({ status: 'needs-own-id', url: `https://${OWN_ID}.mirror.aliyuncs.com` });
    expect(english((aliyun as CatalogEntry).note)).toMatch(/needs your own ID/);
  });

  it.each([
    ['https://docker.mirrors.ustc.edu.cn', '2022-08'],
    ['https://docker.nju.edu.cn', '2024-06'],
    ['https://hub-mirror.c.163.com', '2024-06'],
    ['https://mirror.baidubce.com', '2024-06'],
    ['https://dockerproxy.com', '2024-06'],
    ['https://mirror.ccs.tencentyun.com', null],
    ['https://registry.docker-cn.com', '2019'],
  ])('keeps %s, which tutorials still name, as retired since %s with the reason', (url, since) => {
    const entry = byUrl(url);
    expect(entry?.status).toBe('retired');
    if (entry?.status === 'retired') expect(entry.retired.since).toBe(since);
  });

  it('claims no probe: every entry has checked null, the guide it came from, and notes in both languages', () => {
    for (const entry of catalog) {
      expect(entry.checked, entry.id).toBeNull();
      expect(entry.source, entry.id).toMatch(/^https:\/\//);
      for (const message of messagesOf(entry)) {
        expect(Object.keys(message.params), message.code).toEqual([]);
        expect(en, message.code).toHaveProperty([message.code]);
        expect(zhCN, message.code).toHaveProperty([message.code]);
      }
      expect(zhCN[entry.note.code as keyof typeof zhCN], entry.id).not.toBe(en[entry.note.code as keyof typeof en]);
    }
    expect(new Set(catalog.map((entry) => entry.id)).size).toBe(catalog.length);
  });

  it('uses every probe.catalog key it has in the message catalog, and no other', () => {
    const used = new Set(catalog.flatMap(messagesOf).map((message) => message.code));
    expect(new Set(Object.keys(en).filter((key) => key.startsWith('probe.catalog.')))).toEqual(used);
  });
});

describe('loadCatalog', () => {
  let tmp: TempDir;

  beforeAll(() => {
    tmp = makeTempDir('mirror-catalog');
  });

  afterAll(() => tmp.remove());

  const entry = (fields: Record<string, unknown> = {}) => ({
    id: 'm',
    url: 'https://m.example',
    region: 'CN',
    operator: { code: 'probe.catalog.daocloud.operator', params: {} },
    status: 'active',
    note: { code: 'probe.catalog.daocloud.note', params: {} },
    source: 'https://m.example/guide',
    checked: null,
    ...fields,
  });
  const write = (content: unknown): string => {
    const path = tmp.join('mirrors.json');
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it.each([
    ['not JSON', '[{', 'probe.error.catalog-invalid.not-json', /not JSON/],
    ['not a list', { url: 'https://m.example' }, 'probe.error.catalog-invalid.list', /not a list of mirror entries/],
    ['an entry without a note', [{ ...entry(), note: undefined }], 'probe.error.catalog-invalid.entry', /at 0\.note/],
    ['an entry with an unknown key', [entry({ trusted: true })], 'probe.error.catalog-invalid.entry', /at 0/],
    ['an invalid mirror URL', [entry({ url: 'https://m.example/?x=1' })], 'probe.error.catalog-invalid.entry', /at 0\.url \(invalid-mirror-url\)/],
    ['a retired entry without why', [entry({ status: 'retired' })], 'probe.error.catalog-invalid.entry', /at 0\.retired/],
    ['a personal accelerator without its placeholder', [entry({ status: 'needs-own-id' })], 'probe.error.catalog-invalid.entry', /invalid-own-id-template/],
    ['a claimed check that is not a date', [entry({ checked: 'yesterday' })], 'probe.error.catalog-invalid.entry', /at 0\.checked/],
  ])('refuses a catalog that is %s, saying where', async (_what, content, key, said) => {
    const path = write(content);
    const error = await rejectionOf(loadCatalog(path));
    expect(error).toMatchObject({ code: 'catalog-invalid', key });
    expect(english(error)).toMatch(said);
    expect(english(error)).toContain(path);
  });

  it('says which file it could not read', async () => {
    const error = await rejectionOf(loadCatalog(tmp.join('missing.json')));
    expect(error.code).toBe('catalog-unreadable');
    expect(english(error)).toContain('missing.json');
  });

  it('offers neither retired entries nor personal accelerators as candidates: the latter become notes', async () => {
    const path = write([
      entry({ id: 'gone', status: 'retired', retired: { since: '2024-06', reason: { code: 'probe.catalog.reason.closed-2024', params: {} } } }),
      entry({ id: 'own', status: 'needs-own-id', url: 'https://<your-id>.mirror.example', note: { code: 'probe.catalog.aliyun.note', params: {} } }),
    ]);
    const notes: Message[] = [];
    const error = await rejectionOf(probeMirrorsRequest({ urls: [] }, { certsDir: tmp.join('certs.d'), catalogPath: path, onNote: (note) => notes.push(note) }));
    expect(error.code).toBe('no-candidates');
    expect(notes).toEqual([{ code: 'probe.catalog.aliyun.note', params: {} }]);
  });
});
