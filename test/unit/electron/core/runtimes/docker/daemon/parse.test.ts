import { describe, expect, it } from 'vitest';
import { parseDaemonJson } from '../../../../../../../electron/core/runtimes/docker/daemon/parse';
import { refusal, type Said } from './said';

const PATH = '/etc/docker/daemon.json';

const failure = (text: string): Said => refusal(() => parseDaemonJson(text, PATH));

describe('parseDaemonJson', () => {
  it('reads the registry settings and keeps every other key', () => {
    const text = '{\n  "data-root": "/x",\n  "registry-mirrors": ["http://m:5000/"],\n  "insecure-registries": ["m:5000", "10.0.0.0/8"],\n  "log-opts": {"max-size": "10m"}\n}\n';
    const parsed = parseDaemonJson(text, PATH);
    expect(parsed.settings).toEqual({ mirrors: ['http://m:5000/'], insecureRegistries: ['m:5000', '10.0.0.0/8'] });
    expect(parsed.value).toEqual({
      'data-root': '/x',
      'registry-mirrors': ['http://m:5000/'],
      'insecure-registries': ['m:5000', '10.0.0.0/8'],
      'log-opts': { 'max-size': '10m' },
    });
  });

  it('treats missing keys, and null (an empty Go slice), as no entries', () => {
    expect(parseDaemonJson('{"data-root": "/x"}', PATH).settings).toEqual({ mirrors: [], insecureRegistries: [] });
    expect(parseDaemonJson('{"registry-mirrors": null}', PATH).settings.mirrors).toEqual([]);
  });

  it.each(['', '   ', '\n\r\n\t', '\uFEFF', '\uFEFF\n'])('reads empty text %j as {}', (text) => {
    expect(parseDaemonJson(text, PATH)).toEqual({ value: {}, settings: { mirrors: [], insecureRegistries: [] } });
  });

  it('accepts a UTF-8 BOM', () => {
    expect(parseDaemonJson('\uFEFF{"registry-mirrors": ["https://m/"]}\n', PATH).settings.mirrors).toEqual(['https://m/']);
  });

  it('keeps the last of duplicated keys, as Go does', () => {
    const parsed = parseDaemonJson('{"registry-mirrors": ["http://a/"], "registry-mirrors": ["http://b/"]}', PATH);
    expect(parsed.settings.mirrors).toEqual(['http://b/']);
    expect(parsed.value['registry-mirrors']).toEqual(['http://b/']);
  });

  it('keeps a "__proto__" key as an ordinary property', () => {
    const value = parseDaemonJson('{"__proto__": {"polluted": true}}', PATH).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it.each([
    ['a missing comma', '{\n  "data-root": "/x"\n  "debug": true\n}\n', '3:3', 'expected a comma'],
    ['a trailing comma in an object', '{\n  "data-root": "/x",\n}\n', '2:20', 'trailing comma'],
    ['a trailing comma in a list', '{\n  "registry-mirrors": [\n    "http://m/",\n  ]\n}\n', '3:16', 'trailing comma'],
    ['a line comment', '{\n  // mirrors\n  "debug": true\n}\n', '2:3', 'comments are not allowed in daemon.json'],
    ['a block comment', '{\n  "debug": true /* on */\n}\n', '2:17', 'comments are not allowed in daemon.json'],
    ['an unterminated string', '{\n  "data-root": "/var/lib/docker\n}\n', '2:16', 'unterminated string'],
    ['single quotes', "{\n  'debug': true\n}\n", '2:3', 'unexpected text'],
    ['a missing closing brace', '{\n  "debug": true\n', '3:1', 'expected a closing brace'],
    ['text after the object', '{}\n{}\n', '2:1', 'unexpected text after the end'],
    ['a missing colon', '{\n  "debug" true\n}', '2:11', 'expected a colon'],
    ['a top-level array', '\n  ["http://m/"]\n', '2:3', 'the top level must be a JSON object ({ ... }), found a JSON array'],
    ['a top-level string', '"x"', '1:1', 'found a JSON string'],
    ['registry-mirrors as a string', '{\n  "registry-mirrors": "http://m/"\n}\n', '2:23', '"registry-mirrors" must be a list of strings'],
    ['insecure-registries holding a number', '{\n  "insecure-registries": ["m:5000", 5000]\n}\n', '2:37', 'found a JSON number in the list'],
  ])('reports %s at line:column', (_name, text, position, problem) => {
    const error = failure(text);
    expect(error.code).toBe('daemon-json-invalid');
    expect(error.message.startsWith(`${PATH}:${position}: `)).toBe(true);
    expect(error.message).toContain(problem);
    expect(error.message).toContain('dockerd refuses to start');
    expect(error.message).toContain('fix it by hand');
  });

  it('says it all in Chinese under zh-CN: the place, the problem and what to do', () => {
    const error = failure('{\n  "data-root": "/x",\n}\n');
    expect(error.key).toBe('daemon.error.daemon-json-invalid.trailing-comma');
    expect(error.chinese).toBe(`${PATH}:2:20：最后一项后面多了一个逗号。dockerd 无法使用这样的 daemon.json 启动，而 Dockside 不会覆盖它读不懂的文件：请手动修正（或恢复备份），然后重试。`);
  });

  it('counts columns after a BOM as an editor does', () => {
    expect(failure('\uFEFF{"a": 1,}').message.startsWith(`${PATH}:1:8: trailing comma`)).toBe(true);
  });

  it('counts CRLF line breaks once', () => {
    expect(failure('{\r\n  "a": 1\r\n  "b": 2\r\n}').message.startsWith(`${PATH}:3:3: `)).toBe(true);
  });

  it.each([
    ['UTF-16 text', '\uFFFE{\0"\0a\0"\0'],
    ['NUL characters', '{"a": 1}\0'],
  ])('refuses %s as an encoding problem', (_name, text) => {
    const error = failure(text);
    expect(error.code).toBe('daemon-json-encoding');
    expect(error.message).toContain('UTF-8');
  });
});

describe('parseDaemonJson errors never quote the file', () => {
  // daemon.json can hold proxy credentials: a message names the place (line:column) and the
  // kind of problem, never the text around it.
  const SECRET = 'hunter2-proxy-password';
  it.each([
    ['an unterminated string', `{"proxies": {"http-proxy": "http://u:${SECRET}@p}}`],
    ['a bare word', `{"data-root": ${SECRET}}`],
    ['a property name without quotes', `{${SECRET}: 1}`],
    ['text after the object', `{"a": 1} ${SECRET}`],
    ['a trailing comma', `{"token": "${SECRET}",}`],
    ['a comment', `{"a": 1 // ${SECRET}\n}`],
    ['a mirror list that is a string', `{"registry-mirrors": "${SECRET}"}`],
    ['a non-string in the list', `{"insecure-registries": ["ok:5000", {"${SECRET}": 1}]}`],
    ['a top level that is not an object', `["${SECRET}"]`],
    ['a control character in a string', `{"x": "${SECRET}\u0001"}`],
  ])('%s', (_, text) => {
    const error = failure(text);
    expect(error.code).toBe('daemon-json-invalid');
    expect(error.message).toMatch(new RegExp(`^${PATH}:\\d+:\\d+: `));
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('hunter2');
  });
});
