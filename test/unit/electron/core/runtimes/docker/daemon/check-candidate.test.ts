import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDaemonJsonCandidate } from '../../../../../../../electron/core/runtimes/docker/daemon/check-candidate';
import { quoteDockerd, validateWithDockerd } from '../../../../../../../electron/core/runtimes/docker/engine/dockerd-validate';
import type { Exec } from '../../../../../../../electron/core/platform/exec';
import { rejection } from './said';

const PATH = '/etc/docker/daemon.json';
const noValidate = async (): Promise<null> => null;

describe('checkDaemonJsonCandidate', () => {
  it('refuses an unknown key by the table when the engine has no --validate, naming it and never its value', async () => {
    const text = JSON.stringify({ 'registry-mirrors': ['https://m.example/'], 'registry-auth': { username: 'dev', password: 'S3cret-value' } });
    const refusal = await rejection(checkDaemonJsonCandidate({ path: PATH, text, argv: ['dockerd'], validate: noValidate }));
    expect(refusal.code).toBe('daemon-json-refused');
    const message = refusal.message;
    expect(message).toContain('"registry-auth.username"');
    expect(message).toContain('Nothing was written, no backup or journal entry was made and the engine was not touched.');
    expect(refusal.chinese).toContain('会被 dockerd 拒绝');
    expect(refusal.chinese).toContain("\"unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives don't match any configuration option: username, password\"");
    expect(message).toContain("the following directives don't match any configuration option: username, password");
    expect(message).toContain('Remove "registry-auth"');
    expect(message).not.toContain('S3cret-value');
  });

  it('refuses a key the running dockerd also has as a flag, naming the flag; no argv means nothing to collide with', async () => {
    const text = JSON.stringify({ 'insecure-registries': ['nexus:8082'] });
    const refusal = await rejection(checkDaemonJsonCandidate({ path: PATH, text, argv: ['/usr/bin/dockerd', '--insecure-registry=other:5000'], validate: noValidate }));
    expect(refusal.code).toBe('flag-collision');
    expect(refusal.message).toMatch(/started with --insecure-registry.*"insecure-registries" \(--insecure-registry\)/);
    expect(refusal.chinese).toContain('the following directives are specified both as a flag and in the configuration file: insecure-registries: (from flag: ..., from file: ...)');
    await expect(checkDaemonJsonCandidate({ path: PATH, text, argv: null, validate: noValidate })).resolves.toBeUndefined();
  });

  it("takes dockerd --validate's word over the table when the engine has it, and still checks the flags", async () => {
    const text = JSON.stringify({ 'some-new-key': true, debug: true });
    await expect(checkDaemonJsonCandidate({ path: PATH, text, argv: ['dockerd'], validate: async () => ({ ok: true }) })).resolves.toBeUndefined();
    await expect(checkDaemonJsonCandidate({ path: PATH, text, argv: ['dockerd', '-D'], validate: async () => ({ ok: true }) })).rejects.toMatchObject({ code: 'flag-collision' });
    const refused = await rejection(checkDaemonJsonCandidate({ path: PATH, text, argv: ['dockerd'], validate: async () => ({ ok: false, problem: 'bad' }) }));
    expect(refused).toMatchObject({ code: 'daemon-json-refused', key: 'daemon.error.daemon-json-refused.dockerd-validate' });
    expect(refused.message).toContain('its own check (dockerd --validate) says "bad"');
    expect(refused.chinese).toContain('"bad"');
  });
});

describe('validateWithDockerd', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'validate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const answering = (code: number, stdout: string, stderr = ''): { exec: Exec; calls: string[][] } => {
    const calls: string[][] = [];
    return {
      calls,
      exec: async (command, args) => {
        calls.push([command, ...args]);
        return { code, stdout, stderr, timedOut: false };
      },
    };
  };

  it('asks only an Engine 23+ binary, on a private candidate file that is gone afterwards', async () => {
    const ok = answering(0, 'configuration OK\n');
    expect(await validateWithDockerd({ exec: ok.exec, engineVersion: '20.10.24', binary: '/usr/sbin/dockerd', privateDir: dir, text: '{}' })).toBeNull();
    expect(await validateWithDockerd({ exec: ok.exec, engineVersion: '28.2.2', binary: undefined, privateDir: dir, text: '{}' })).toBeNull();
    expect(ok.calls).toEqual([]);
    expect(await validateWithDockerd({ exec: ok.exec, engineVersion: '28.2.2', binary: '/usr/bin/dockerd', privateDir: dir, text: '{}' })).toEqual({ ok: true });
    expect(ok.calls[0]?.slice(0, 3)).toEqual(['/usr/bin/dockerd', '--validate', '--config-file']);
    expect(ok.calls[0]?.[3]).toMatch(new RegExp(`^${dir}/\\.validate-[^/]+/daemon\\.json$`));
    expect(await readdir(dir)).toEqual([]);
  });

  it("quotes dockerd's refusal without the candidate's temp path, and falls back when --validate is unknown", async () => {
    const refused = answering(1, '', 'unable to configure the Docker daemon with file /x/.validate-1/daemon.json: the following directives don\'t match any configuration option: registry-auth\n');
    const verdict = await validateWithDockerd({ exec: refused.exec, engineVersion: '27.0.1', binary: '/usr/bin/dockerd', privateDir: dir, text: '{}' });
    expect(verdict).toMatchObject({ ok: false });
    expect(verdict !== null && !verdict.ok ? verdict.problem : '').toContain("don't match any configuration option: registry-auth");
    const old = answering(125, '', "Status: unknown flag: --validate\nSee 'dockerd --help'., Code: 125\n");
    expect(await validateWithDockerd({ exec: old.exec, engineVersion: '23.0.0', binary: '/usr/bin/dockerd', privateDir: dir, text: '{}' })).toBeNull();
  });
});

describe('quoteDockerd', () => {
  it("takes a log line's msg, hides the values a collision repeats and a URL's user and password", () => {
    const line =
      'time="2026-12-07T12:06:28Z" level=error msg="unable to configure the Docker daemon with file /c.json: the following directives are specified both as a flag and in the configuration file: registry-mirrors: (from flag: [https://u:p@m.example/], from file: [https://x/])"';
    expect(quoteDockerd(line)).toBe(
      'unable to configure the Docker daemon with file /c.json: the following directives are specified both as a flag and in the configuration file: registry-mirrors: (from flag: ..., from file: ...)',
    );
    expect(quoteDockerd('proxy http://user:pw@proxy:3128 refused')).toBe('proxy http://xxxxx@proxy:3128 refused');
  });
});
