import { describe, expect, it } from 'vitest';
import { withRegistrySettings } from '../../../../../../../electron/core/runtimes/docker/daemon/edit';
import { parseDaemonJson } from '../../../../../../../electron/core/runtimes/docker/daemon/parse';
import { DocksideError } from '../../../../../../../electron/core/errors';
import { refusal } from './said';

const ORIGINAL = [
  '{',
  '   "data-root": "/srv/docker",',
  '   "log-driver": "json-file",',
  '   "log-opts": {',
  '      "max-size": "10m",',
  '      "max-file": "3"',
  '   },',
  '   "x-team-note": {"owner": "platform"}',
  '}',
  '',
].join('\n');

const settings = (text: string) => parseDaemonJson(text, 'daemon.json').settings;

describe('withRegistrySettings', () => {
  it('inserts registry-mirrors as lines of its own, first, without touching any other byte', () => {
    const edited = withRegistrySettings(ORIGINAL, { mirrors: ['http://m.example:5000/'] });
    const inserted = '   "registry-mirrors": [\n      "http://m.example:5000/"\n   ],\n';
    expect(edited).toBe(`{\n${inserted}${ORIGINAL.slice(2)}`);
    const parsed = parseDaemonJson(edited, 'daemon.json');
    expect(parsed.settings).toEqual({ mirrors: ['http://m.example:5000/'], insecureRegistries: [] });
    expect(parsed.value['log-opts']).toEqual({ 'max-size': '10m', 'max-file': '3' });
    expect(parsed.value['x-team-note']).toEqual({ owner: 'platform' });
  });

  it('replaces an existing list in place, keeping the bytes before and after it', () => {
    const once = withRegistrySettings(ORIGINAL, { mirrors: ['http://m.example:5000/'] });
    const twice = withRegistrySettings(once, { mirrors: ['https://a.example/', 'http://b.example:8001/'] });
    const start = once.indexOf('"registry-mirrors"');
    const after = once.indexOf('"data-root"');
    expect(twice.slice(0, start)).toBe(once.slice(0, start));
    expect(twice).toBe(`${once.slice(0, start)}"registry-mirrors": [\n      "https://a.example/",\n      "http://b.example:8001/"\n   ],\n   ${once.slice(after)}`);
    expect(settings(twice).mirrors).toEqual(['https://a.example/', 'http://b.example:8001/']);
  });

  it('clears with [] and never deletes the key', () => {
    const once = withRegistrySettings(ORIGINAL, { mirrors: ['http://m.example:5000/'], insecureRegistries: ['m.example:5000'] });
    const cleared = withRegistrySettings(once, { mirrors: [] });
    expect(cleared).toContain('{\n   "registry-mirrors": [],\n   "insecure-registries": [\n      "m.example:5000"\n   ],\n   "data-root"');
    expect(settings(cleared)).toEqual({ mirrors: [], insecureRegistries: ['m.example:5000'] });
    expect(withRegistrySettings(cleared, { mirrors: ['http://c.example/'] })).toBe(
      withRegistrySettings(once, { mirrors: ['http://c.example/'] }),
    );
  });

  it('spreads a one-line list over lines when it gets entries', () => {
    const text = '{\n   "registry-mirrors": [],\n   "debug": true\n}\n';
    expect(withRegistrySettings(text, { mirrors: ['http://a/', 'http://b/'] })).toBe(
      '{\n   "registry-mirrors": [\n      "http://a/",\n      "http://b/"\n   ],\n   "debug": true\n}\n',
    );
  });

  it('writes both keys in order, leaving out the one not asked for', () => {
    const edited = withRegistrySettings(ORIGINAL, { insecureRegistries: ['10.0.0.0/8'] });
    expect(edited).not.toContain('registry-mirrors');
    expect(settings(edited)).toEqual({ mirrors: [], insecureRegistries: ['10.0.0.0/8'] });
    expect(withRegistrySettings(ORIGINAL, {})).toBe(ORIGINAL);
  });

  it('keeps tabs and CRLF', () => {
    const text = '{\r\n\t"data-root": "/x"\r\n}\r\n';
    expect(withRegistrySettings(text, { mirrors: ['http://m/'] })).toBe(
      '{\r\n\t"registry-mirrors": [\r\n\t\t"http://m/"\r\n\t],\r\n\t"data-root": "/x"\r\n}\r\n',
    );
  });

  it('keeps a BOM and a missing final newline', () => {
    const text = '\uFEFF{\n    "debug": true\n}';
    expect(withRegistrySettings(text, { insecureRegistries: ['h:5000'] })).toBe(
      '\uFEFF{\n    "insecure-registries": [\n        "h:5000"\n    ],\n    "debug": true\n}',
    );
  });

  it('keeps a one-line object on one line', () => {
    expect(withRegistrySettings('{"debug":true}\n', { mirrors: ['http://m/'] })).toBe('{"debug":true, "registry-mirrors": ["http://m/"]}\n');
  });

  it.each([
    ['empty text', '', '{\n  "registry-mirrors": [\n    "http://m/"\n  ]\n}\n'],
    ['blank text', ' \n', '{\n  "registry-mirrors": [\n    "http://m/"\n  ]\n}\n'],
    ['an empty object', '{}\n', '{\n  "registry-mirrors": [\n    "http://m/"\n  ]\n}\n'],
    ['an empty object over lines', '{\r\n}\r\n', '{\r\n  "registry-mirrors": [\r\n    "http://m/"\r\n  ]\r\n}\r\n'],
  ])('starts a new object from %s', (_name, text, expected) => {
    expect(withRegistrySettings(text, { mirrors: ['http://m/'] })).toBe(expected);
  });

  it('replaces the last of duplicated keys, the one dockerd uses', () => {
    const text = '{\n  "registry-mirrors": ["http://old/"],\n  "registry-mirrors": ["http://used/"]\n}\n';
    const edited = withRegistrySettings(text, { mirrors: ['http://new/'] });
    expect(edited).toBe('{\n  "registry-mirrors": ["http://old/"],\n  "registry-mirrors": [\n    "http://new/"\n  ]\n}\n');
    expect(settings(edited).mirrors).toEqual(['http://new/']);
  });

  it('escapes entries as JSON strings', () => {
    const edited = withRegistrySettings('{}', { insecureRegistries: ['a"b\\c'] });
    expect(settings(edited).insecureRegistries).toEqual(['a"b\\c']);
  });

  it('refuses to edit a file dockerd would refuse', () => {
    expect(() => withRegistrySettings('{\n  "a": 1,\n}', { mirrors: [] })).toThrow(DocksideError);
    expect(refusal(() => withRegistrySettings('{"registry-mirrors": "http://m/"}', { mirrors: [] })).message).toContain('must be a list of strings');
  });
});
