import { describe, expect, it } from 'vitest';
import { FULL_HELP_AFTER, helpText, langOption, parseCliArgs } from '../../../../electron/cli/args';
import { createTranslator } from '../../../../electron/core/i18n/translator';
import { en } from '../../../../shared/locales/en';
import { zhCN } from '../../../../shared/locales/zh-CN';
import { chinese, english } from '../../../harness/english';
import { thrownBy } from '../../dockside-error';

/** The usage error argv gets, as an English reader sees it (`message`), with its key. */
function usageError(argv: string[]): { key: string; message: string; zh: string } {
  const error = thrownBy(() => parseCliArgs(argv));
  expect(error.code).toBe('usage');
  expect(error.key).toMatch(/^cli\.error\.usage\./);
  return { key: error.key, message: english(error), zh: chinese(error) };
}

describe('parseCliArgs', () => {
  it('reads --os-store on trust add and trust remove, and refuses it elsewhere', () => {
    expect(parseCliArgs(['trust', 'add', 'nexus.example:8443', '--os-store', '--yes']).flags).toMatchObject({ osStore: true, yes: true });
    expect(parseCliArgs(['trust', 'remove', 'nexus.example:8443', '--os-store']).flags.osStore).toBe(true);
    expect(() => parseCliArgs(['mirrors', 'clear', '--os-store'])).toThrow(expect.objectContaining({ key: 'cli.error.usage.option-not-taken' }));
  });

  it('reads `mirrors use URL --yes`', () => {
    const parsed = parseCliArgs(['mirrors', 'use', 'http://nexus.example:8001', '--yes']);
    expect(parsed.command).toBe('mirrors use');
    expect(parsed.operands).toEqual(['http://nexus.example:8001']);
    expect(parsed.flags).toEqual({ json: false, yes: true, help: false, reload: false, restart: false, insecure: false, allowPublicRegistry: false, osStore: false, passwordStdin: false, dryRun: false });
  });

  it('keeps several mirror URLs in order, with -y and --restart', () => {
    const parsed = parseCliArgs(['mirrors', 'use', 'http://a:8001', '-y', 'https://b.example', '--restart']);
    expect(parsed.operands).toEqual(['http://a:8001', 'https://b.example']);
    expect(parsed.flags.yes).toBe(true);
    expect(parsed.flags.restart).toBe(true);
  });

  it('accepts global options before the command', () => {
    const parsed = parseCliArgs(['--json', '--daemon-json', '/srv/docker/daemon.json', '--engine', 'pidfile:/run/d.pid', 'mirrors', 'clear']);
    expect(parsed.command).toBe('mirrors clear');
    expect(parsed.operands).toEqual([]);
    expect(parsed.flags.json).toBe(true);
    expect(parsed.globals).toMatchObject({ daemonJson: '/srv/docker/daemon.json', engine: 'pidfile:/run/d.pid' });
  });

  it('accepts global options after the command, and --opt=value', () => {
    const parsed = parseCliArgs(['status', '--json', '--docker-config=/home/u/.docker', '--certs-dir', '/etc/docker/certs.d', '--lang', 'zh-CN']);
    expect(parsed.command).toBe('status');
    expect(parsed.flags.json).toBe(true);
    expect(parsed.globals).toEqual({ dockerConfig: '/home/u/.docker', daemonJson: undefined, certsDir: '/etc/docker/certs.d', engine: undefined, lang: 'zh-CN' });
  });

  it('gives no command for no arguments (the caller prints the usage)', () => {
    expect(parseCliArgs([]).command).toBeUndefined();
    const help = parseCliArgs(['--help']);
    expect(help.command).toBeUndefined();
    expect(help.flags.help).toBe(true);
  });

  it('refuses --reload together with --restart', () => {
    expect(usageError(['mirrors', 'use', 'http://a:8001', '--reload', '--restart']).message).toContain('--reload and --restart');
  });

  it('refuses an option the command does not take, naming it', () => {
    const error = usageError(['status', '--insecure']);
    expect(error.message).toContain('dockside status does not take --insecure');
    usageError(['mirrors', 'clear', '--insecure']);
    usageError(['status', '--reload']);
  });

  it('refuses an unknown option or a missing option value in its own words, and asks for the whole help after it', () => {
    const unknown = usageError(['status', '--frobnicate']);
    expect(unknown.message).toBe("Unknown option '--frobnicate'. To give an argument that starts with '-', put it at the end of the command after '--'.");
    expect(unknown.zh).toContain("未知选项 '--frobnicate'");
    expect(FULL_HELP_AFTER.has(unknown.key as never)).toBe(true);
    expect(usageError(['status', '--engine']).message).toBe("Option '--engine' needs a value.");
    expect(usageError(['login', 'a.example', '-u']).message).toBe("Option '--username' needs a value.");
    expect(usageError(['status', '--json=yes']).message).toBe("Option '--json' takes no value.");
    expect(usageError(['status', '-y=1']).key).toBe('cli.error.usage.unknown-option');
  });

  it('says each usage error in Simplified Chinese, the command line kept as typed', () => {
    const error = usageError(['trust', 'inspect']);
    expect(error.zh).toBe('请以 host[:port] 的形式给出镜像仓库。\n\n用法：dockside trust inspect <host[:port]> [--ca-file PEM]');
    expect(usageError(['status', '--insecure']).zh).toContain('dockside status 不接受 --insecure');
    expect(usageError(['login', 'a.example', '-u', 'dev']).zh).toContain('`dockside login a.example -u dev --password-stdin < password.txt`');
  });

  it('refuses an unknown command', () => {
    expect(usageError(['frobnicate']).message).toContain('Unknown command "frobnicate"');
    usageError(['mirrors']);
    usageError(['mirrors', 'list']);
  });

  it('refuses a command named like an Object.prototype member as unknown, not with a crash', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(usageError([name]).message).toContain(`Unknown command "${name}"`);
    }
  });

  it('refuses `mirrors use` without a URL', () => {
    expect(usageError(['mirrors', 'use', '--yes']).message).toContain('at least one mirror URL');
  });

  it('refuses an operand to a command that takes none', () => {
    expect(usageError(['rollback', 'extra']).message).toContain('"extra"');
    usageError(['mirrors', 'clear', 'http://a:8001']);
    usageError(['status', 'now']);
  });

  it('reads `trust add HOST --fingerprint F --ca-file P`', () => {
    const parsed = parseCliArgs(['trust', 'add', 'nexus.example:8443', '--fingerprint', 'sha256:AB', '--ca-file=/tmp/ca.pem', '--json']);
    expect(parsed.command).toBe('trust add');
    expect(parsed.operands).toEqual(['nexus.example:8443']);
    expect(parsed.values).toEqual({ fingerprint: 'sha256:AB', caFile: '/tmp/ca.pem' });
  });

  it('reads `trust add HOST --ca-url U`, and takes --ca-url on no other command', () => {
    const parsed = parseCliArgs(['trust', 'add', 'nexus.example', '--fingerprint', 'sha256:AB', '--ca-url', 'https://nexus.example/download/ca.crt']);
    expect(parsed.values).toEqual({ fingerprint: 'sha256:AB', caUrl: 'https://nexus.example/download/ca.crt' });
    expect(usageError(['trust', 'inspect', 'a.example', '--ca-url', 'https://a.example/ca.crt']).message).toContain('does not take --ca-url');
  });

  it('takes exactly one registry for trust inspect, add and remove, and none for trust list', () => {
    expect(usageError(['trust', 'inspect']).message).toContain('the registry as host[:port]');
    expect(usageError(['trust', 'add', 'a.example', 'b.example']).message).toContain('"b.example"');
    usageError(['trust', 'remove']);
    usageError(['trust', 'list', 'a.example']);
    expect(parseCliArgs(['trust', 'list']).command).toBe('trust list');
  });

  it('refuses --fingerprint on commands other than trust add', () => {
    expect(usageError(['trust', 'inspect', 'a.example', '--fingerprint', 'x']).message).toContain('does not take --fingerprint');
    usageError(['trust', 'remove', 'a.example', '--ca-file', 'x']);
  });

  it('takes any number of URLs for mirrors probe, and a --timeout in milliseconds', () => {
    expect(parseCliArgs(['mirrors', 'probe']).operands).toEqual([]);
    const parsed = parseCliArgs(['mirrors', 'probe', 'http://a:1', 'https://b', '--timeout', '2000', '--image', 'busybox:1']);
    expect(parsed.operands).toEqual(['http://a:1', 'https://b']);
    expect(parsed.values).toMatchObject({ timeoutMs: 2000, image: 'busybox:1' });
    for (const bad of ['2s', '-5', '50', '999999999']) expect(usageError(['mirrors', 'probe', '--timeout', bad]).message).toContain('--timeout');
  });

  it('wants -u and --password-stdin together for nexus discover, or neither', () => {
    expect(parseCliArgs(['nexus', 'discover', 'https://nexus.example']).values.username).toBeUndefined();
    expect(parseCliArgs(['nexus', 'discover', 'https://nexus.example', '-u', 'dev', '--password-stdin']).values.username).toBe('dev');
    expect(usageError(['nexus', 'discover', 'https://nexus.example', '-u', 'dev']).message).toContain('go together');
    expect(usageError(['nexus', 'discover']).message).toContain('the Nexus URL');
  });

  it('reads `profile apply <file> -u USER --password-stdin` and `profile check <url>`', () => {
    const apply = parseCliArgs(['profile', 'apply', 'team.json', '-u', 'dev', '--password-stdin', '--yes']);
    expect(apply).toMatchObject({ command: 'profile apply', operands: ['team.json'], values: { username: 'dev' }, flags: { passwordStdin: true, yes: true } });
    const check = parseCliArgs(['profile', 'check', 'https://nexus.example/repository/profiles/team.json', '--json']);
    expect(check).toMatchObject({ command: 'profile check', operands: ['https://nexus.example/repository/profiles/team.json'], flags: { json: true } });
  });

  it('wants exactly one profile, and no option of another command', () => {
    expect(usageError(['profile', 'apply']).message).toContain('the profile as a file or an https:// URL');
    expect(usageError(['profile', 'check', 'a.json', 'b.json']).message).toContain('Unexpected argument "b.json"');
    expect(usageError(['profile', 'check', 'a.json', '--password-stdin']).message).toContain('does not take --password-stdin');
    expect(usageError(['profile', 'apply', 'a.json', '--insecure']).message).toContain('does not take --insecure');
  });
});


describe('dockside --help', () => {
  const toEnglish = createTranslator('en', en);
  const toChinese = createTranslator('zh-CN', zhCN);

  it('starts with Usage: and every command line in English', () => {
    const help = helpText(toEnglish);
    expect(help).toMatch(/^Usage:\n {2}dockside status\n/);
    expect(help).toContain('  --json                 print the result as JSON (errors as JSON on stderr)');
    expect(help).toContain('Exit status: 0 ok, 1 failed, 2 usage, 3 verification failed and rolled back.');
  });

  it('is Simplified Chinese under zh-CN, with the commands, flags and paths as typed', () => {
    const help = helpText(toChinese);
    expect(help).toMatch(/^用法：\n {2}dockside status\n/);
    expect(help).toContain('  dockside trust add <host[:port]> [--fingerprint sha256:HEX] [--ca-file PEM | --ca-url URL] [--os-store] [--allow-public-registry]');
    expect(help).toContain('  --docker-config DIR    Docker 客户端配置目录（默认 $DOCKER_CONFIG 或 ~/.docker）');
    expect(help).toContain('全局选项');
    expect(help).not.toMatch(/Usage|Global options|print the result/);
  });
});

describe('langOption', () => {
  it('reads --lang X and --lang=X anywhere before --, the last one winning, without parsing the rest', () => {
    expect(langOption(['--lang', 'zh-CN', '--help'])).toBe('zh-CN');
    expect(langOption(['--frobnicate', '--lang=zh-CN'])).toBe('zh-CN');
    expect(langOption(['--lang', 'en', 'status', '--lang', 'zh-CN'])).toBe('zh-CN');
    expect(langOption(['status', '--', '--lang', 'zh-CN'])).toBeUndefined();
    expect(langOption(['status'])).toBeUndefined();
  });
});
