import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MirrorCandidateSchema } from '../../../../../shared/mirrors';
import { collectCandidates, loadCatalog } from '../../../../../electron/core/mirrors/candidates';
import { rejectionOf } from '../../../dockside-error';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

const CATALOG = fileURLToPath(new URL('../../../../../resources/mirrors.json', import.meta.url));

describe('collectCandidates', () => {
  it.each([
    ['https://mirror.example.com', 'https://mirror.example.com/'],
    ['https://Mirror.Example.COM/', 'https://mirror.example.com/'],
    ['HTTPS://mirror.example.com:443', 'https://mirror.example.com/'],
    ['http://nexus.corp:8003', 'http://nexus.corp:8003/'],
    ['  http://nexus.corp:8003/  ', 'http://nexus.corp:8003/'],
    ['http://[::1]:5000', 'http://[::1]:5000/'],
    ['https://nexus.corp/repository/docker-group//', 'https://nexus.corp/repository/docker-group/'],
  ])('normalises %s to %s', (given, url) => {
    expect(collectCandidates([{ source: 'user', urls: [given] }])).toEqual({ candidates: [{ url, sources: ['user'] }], invalid: [] });
  });

  it.each([
    ['mirror.example.com', /needs its scheme: write https:\/\/mirror\.example\.com/],
    ['mirror.example.com:5000', /needs its scheme/],
    ['ftp://mirror.example.com', /http:\/\/ or https:\/\/ URL, not ftp:/],
    ['https://mirror.example.com/?region=cn', /query/],
    ['https://mirror.example.com/?', /query/],
    ['https://mirror.example.com/#top', /fragment/],
    ['https://', /not a URL/],
  ])('reports %s as invalid, without throwing', (given, reason) => {
    const { candidates, invalid } = collectCandidates([{ source: 'user', urls: [given] }]);
    expect(candidates).toEqual([]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.url).toBe(given);
    expect(invalid[0]?.reason).toMatch(reason);
  });

  it('reports a URL with user info as invalid without repeating the password', () => {
    const { invalid } = collectCandidates([{ source: 'profile', urls: ['https://dev:S3cret@mirror.example.com/'] }]);
    expect(invalid).toEqual([{ url: 'https://***@mirror.example.com/', reason: expect.stringMatching(/user name or password/) }]);
  });

  it('probes a URL named by several sources once, keeping every source and the first label, in first-seen order', () => {
    const { candidates, invalid } = collectCandidates([
      { source: 'user', urls: ['https://b.example.com', 'https://a.example.com/'] },
      { source: 'nexus', urls: ['http://nexus.corp:8003'], labels: { 'http://nexus.corp:8003': 'docker-group (group)' } },
      { source: 'catalog', urls: ['https://A.example.com', 'https://a.example.com'], labels: { 'https://a.example.com/': 'Operator A (CN)' } },
      { source: 'profile', urls: ['https://b.example.com/'], labels: { 'https://b.example.com/': 'from the profile' } },
    ]);
    expect(invalid).toEqual([]);
    expect(candidates).toEqual([
      { url: 'https://b.example.com/', sources: ['user', 'profile'], label: 'from the profile' },
      { url: 'https://a.example.com/', sources: ['user', 'catalog'], label: 'Operator A (CN)' },
      { url: 'http://nexus.corp:8003/', sources: ['nexus'], label: 'docker-group (group)' },
    ]);
    for (const candidate of candidates) MirrorCandidateSchema.parse(candidate);
  });

  it('ignores labels that are not the list’s own keys', () => {
    const labels = JSON.parse('{"__proto__": "x"}') as Record<string, string>;
    expect(collectCandidates([{ source: 'user', urls: ['https://constructor.example/'], labels }]).candidates).toEqual([
      { url: 'https://constructor.example/', sources: ['user'] },
    ]);
  });
});

describe('loadCatalog', () => {
  let tmp: TempDir;

  beforeAll(() => {
    tmp = makeTempDir('mirror-catalog');
  });

  afterAll(() => tmp.remove());

  it('reads resources/mirrors.json: valid mirror URLs with region, operator and notes, the tutorials’ mirrors among them', async () => {
    const catalog = await loadCatalog(CATALOG);
    const urls = catalog.map((entry) => entry.url);
    for (const named of [
      'https://docker.m.daocloud.io',
      'https://dockerproxy.com',
      'https://docker.mirrors.ustc.edu.cn',
      'https://hub-mirror.c.163.com',
      'https://mirror.baidubce.com',
      'https://registry.docker-cn.com',
      'https://ccr.ccs.tencentyun.com',
      'https://docker.nju.edu.cn',
      'https://mirror.gcr.io',
    ]) {
      expect(urls).toContain(named);
    }
    const { candidates, invalid } = collectCandidates([{ source: 'catalog', urls }]);
    expect(invalid).toEqual([]);
    expect(candidates).toHaveLength(urls.length);
    // Honest notes: the catalog says which ones are known to be gone.
    expect(catalog.find((entry) => entry.url === 'https://registry.docker-cn.com')?.notes).toMatch(/shut down/);
  });

  it.each([
    ['not JSON', '[{', /not JSON/],
    ['not a list', '{"url": "https://m.example"}', /not a list of \{ url, region, operator, notes \}/],
    ['an entry without notes', '[{"url": "https://m.example", "region": "CN", "operator": "X"}]', /at 0\.notes/],
    ['an entry with an unknown key', '[{"url": "https://m.example", "region": "CN", "operator": "X", "notes": "n", "trusted": true}]', /at 0/],
    ['an invalid mirror URL', '[{"url": "https://m.example/?x=1", "region": "CN", "operator": "X", "notes": "n"}]', /at 0\.url: not a valid mirror URL/],
  ])('refuses a catalog that is %s, saying where', async (_what, content, message) => {
    const path = tmp.join('mirrors.json');
    writeFileSync(path, content);
    const error = await rejectionOf(loadCatalog(path));
    expect(error.code).toBe('catalog-invalid');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(path);
  });

  it('says which file it could not read', async () => {
    const error = await rejectionOf(loadCatalog(tmp.join('missing.json')));
    expect(error.code).toBe('catalog-unreadable');
    expect(error.message).toContain('missing.json');
  });
});
