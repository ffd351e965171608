import { describe, expect, it } from 'vitest';
import { msg } from '../../../../../shared/message';
import { MirrorCandidateSchema } from '../../../../../shared/mirrors';
import { collectCandidates } from '../../../../../electron/core/mirrors/candidates';
import { chinese, english } from '../../../../harness/english';

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
    const said = invalid[0]?.reason ?? msg('probe.invalid.not-a-url');
    expect(english(said)).toMatch(reason);
    expect(chinese(said)).not.toBe(english(said));
  });

  it('reports a URL with user info as invalid without repeating the password', () => {
    const { invalid } = collectCandidates([{ source: 'profile', urls: ['https://dev:S3cret@mirror.example.com/'] }]);
    expect(invalid).toEqual([{ url: 'https://***@mirror.example.com/', reason: msg('probe.invalid.user-info') }]);
    expect(english(msg('probe.invalid.user-info'))).toMatch(/user name or password/);
  });

  it('probes a URL named by several sources once, keeping every source and the first label, in first-seen order', () => {
    const [group, operatorA, fromProfile] = [msg('probe.catalog.daocloud.operator'), msg('probe.catalog.gcr.operator'), msg('probe.catalog.1ms.operator')];
    const { candidates, invalid } = collectCandidates([
      { source: 'user', urls: ['https://b.example.com', 'https://a.example.com/'] },
      { source: 'nexus', urls: ['http://nexus.corp:8003'], labels: { 'http://nexus.corp:8003': group } },
      { source: 'catalog', urls: ['https://A.example.com', 'https://a.example.com'], labels: { 'https://a.example.com/': operatorA } },
      { source: 'profile', urls: ['https://b.example.com/'], labels: { 'https://b.example.com/': fromProfile } },
    ]);
    expect(invalid).toEqual([]);
    expect(candidates).toEqual([
      { url: 'https://b.example.com/', sources: ['user', 'profile'], label: fromProfile },
      { url: 'https://a.example.com/', sources: ['user', 'catalog'], label: operatorA },
      { url: 'http://nexus.corp:8003/', sources: ['nexus'], label: group },
    ]);
    for (const candidate of candidates) MirrorCandidateSchema.parse(candidate);
  });

  it('ignores labels that are not the list’s own keys', () => {
    const labels = JSON.parse('{"__proto__": {"code": "probe.invalid.query", "params": {}}}') as Record<string, ReturnType<typeof msg>>;
    expect(collectCandidates([{ source: 'user', urls: ['https://constructor.example/'], labels }]).candidates).toEqual([
      { url: 'https://constructor.example/', sources: ['user'] },
    ]);
  });
});
