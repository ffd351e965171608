import { describe, expect, it } from 'vitest';
import {
  engineMajorVersion,
  normalizeInsecureRegistries,
  normalizeMirrors,
  validateInsecureRegistry,
  validateMirror,
} from '../../../../../../../electron/core/runtimes/docker/daemon/validate';
import { DocksideError } from '../../../../../../../electron/core/errors';
import { refusal } from './said';

describe('engineMajorVersion', () => {
  it.each([
    ['20.10.24', 20],
    ['25.0.3', 25],
    ['28.2.2-1', 28],
    ['20.10.24+dfsg1', 20],
    ['v26.1.0', 26],
    [' 27.0.1\n', 27],
  ])('%j -> %i', (version, major) => {
    expect(engineMajorVersion(version)).toBe(major);
  });

  it.each([undefined, '', 'garbage', '28', 'v', 'x.1.2', '1.2.3 extra'])('%j -> undefined', (version) => {
    expect(engineMajorVersion(version)).toBeUndefined();
  });
});

describe('validateMirror', () => {
  it.each([
    ['http://m.example:5000', 'http://m.example:5000/'],
    ['http://m.example:5000/', 'http://m.example:5000/'],
    ['https://mirror.example.com', 'https://mirror.example.com/'],
    ['http://10.0.0.5:8001/', 'http://10.0.0.5:8001/'],
    ['http://[fd00::5]:8001', 'http://[fd00::5]:8001/'],
    ['HTTPS://Mirror.Example', 'HTTPS://Mirror.Example/'],
  ])('accepts %j as %j', (input, normalised) => {
    expect(validateMirror(input, '20.10.24')).toBe(normalised);
    expect(validateMirror(input, undefined)).toBe(normalised);
  });

  it('accepts a path prefix from engine 25.0 only', () => {
    expect(validateMirror('https://nexus.example/repository/hub', '25.0.0')).toBe('https://nexus.example/repository/hub/');
    expect(validateMirror('https://nexus.example/repository/hub/', '28.2.2-1')).toBe('https://nexus.example/repository/hub/');
    const old = refusal(() => validateMirror('https://nexus.example/repository/hub', '20.10.24'));
    expect(old.code).toBe('invalid-mirror');
    expect(old.message).toContain('invalid mirror: path, query, or fragment at end of the URI');
    expect(old.message).toContain('20.10.24');
    const unknown = refusal(() => validateMirror('https://nexus.example/repository/hub', undefined));
    expect(unknown.message).toContain('version could not be read');
  });

  it.each([
    ['userinfo', 'https://user:secret@m.example/', 'username/password not allowed'],
    ['a user name alone', 'https://token@m.example/', 'username/password not allowed'],
    ['a query', 'https://m.example/?x=1', 'query or fragment'],
    ['a fragment', 'https://m.example/#top', 'query or fragment'],
    ['the ftp scheme', 'ftp://m.example/', 'unsupported scheme "ftp"'],
    ['no scheme', 'm.example:5000', 'no scheme specified'],
    ['a missing host', 'http:///', 'no host'],
    ['a missing host with a port', 'http://:5000/', 'no host'],
    ['port 0', 'http://m.example:0/', 'port "0"'],
    ['port 65536', 'http://m.example:65536/', 'port "65536"'],
    ['an empty port', 'http://m.example:/', 'port ""'],
    ['a bad host', 'http://m_example/', 'not a valid host name'],
    ['a bad IPv6 literal', 'http://[fd00::zz]/', 'IPv6'],
    ['spaces', 'http://m.example /', 'spaces'],
    ['empty text', '', 'no scheme'],
  ])('refuses %s', (_name, input, reason) => {
    const error = refusal(() => validateMirror(input, '28.0.0'));
    expect(error.code).toBe('invalid-mirror');
    expect(error.message).toContain(reason);
  });

  it('never echoes a password', () => {
    expect(refusal(() => validateMirror('https://user:secret@m.example/', '28.0.0')).message).not.toContain('secret');
    expect(refusal(() => validateMirror('ftp://user:secret@m.example/', '28.0.0')).message).not.toContain('secret');
    expect(refusal(() => validateMirror('user:secret@m.example', '28.0.0')).message).not.toContain('secret');
    expect(refusal(() => validateInsecureRegistry('http://user:secret@m.example')).message).not.toContain('secret');
  });
});

describe('validateInsecureRegistry', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['::1/128', '::1/128'],
    ['fd00::/8', 'fd00::/8'],
    ['::ffff:10.0.0.1/120', '::ffff:10.0.0.1/120'],
    ['host:5000', 'host:5000'],
    ['nexus.example.com', 'nexus.example.com'],
    ['http://host:5000/', 'host:5000'],
    ['https://host:5000', 'host:5000'],
    ['HTTP://host:5000', 'host:5000'],
    ['host:5000/', 'host:5000'],
    ['1.2.3.4:80', '1.2.3.4:80'],
    ['1.2.3.4', '1.2.3.4'],
    ['[::1]:5000', '[::1]:5000'],
    ['[::1]', '[::1]'],
    ['::1', '::1'],
    ['my-registry.local:65535', 'my-registry.local:65535'],
  ])('accepts %j as %j', (input, normalised) => {
    expect(validateInsecureRegistry(input)).toBe(normalised);
  });

  it.each([
    ['host:0', 'port "0"'],
    ['host:65536', 'port "65536"'],
    ['host:', 'invalid host "host"'],
    ['[::1]:', 'port ""'],
    ['-bad.com', 'Cannot begin or end with a hyphen'],
    ['bad.com-', 'Cannot begin or end with a hyphen'],
    ['a..b', 'invalid host "a..b"'],
    ['host/path', 'CIDR'],
    ['http://host:5000/v2/', 'CIDR'],
    ['10.0.0.0/33', 'larger than 32'],
    ['::/129', 'larger than 128'],
    ['10.0.0.0/08', 'CIDR'],
    // ipaddr.js alone would take these; Go (dockerd) refuses them.
    ['10.1/8', 'CIDR'],
    ['010.0.0.0/8', 'CIDR'],
    ['::ffff:010.0.0.1/120', 'CIDR'],
    ['fe80::1%eth0/64', 'CIDR'],
    ['fe80::1%eth0', 'invalid host'],
    ['host name', 'spaces'],
    ['host:5000?x', 'invalid host'],
    ['ftp://host', "should not contain '://'"],
    ['', 'empty'],
    ['http://', 'no host'],
    ['http://user:secret@host:5000', 'user name or password'],
  ])('refuses %j', (input, reason) => {
    const error = refusal(() => validateInsecureRegistry(input));
    expect(error.code).toBe('invalid-insecure-registry');
    expect(error.message).toContain(reason);
  });
});

describe('normalize lists', () => {
  it('drops mirror duplicates after normalisation, first seen first', () => {
    expect(normalizeMirrors(['http://b/', 'http://a', 'http://b', 'http://a/'], '20.10.24')).toEqual(['http://b/', 'http://a/']);
    expect(normalizeMirrors([], undefined)).toEqual([]);
  });

  it('drops insecure registry duplicates after normalisation, first seen first', () => {
    expect(normalizeInsecureRegistries(['h:5000', '10.0.0.0/8', 'http://h:5000/', 'https://h:5000'])).toEqual(['h:5000', '10.0.0.0/8']);
  });

  it('refuses the whole list when one entry is invalid', () => {
    expect(refusal(() => normalizeMirrors(['http://a/', 'ftp://b/'], '28.0.0')).message).toContain('ftp');
    expect(() => normalizeInsecureRegistries(['h:5000', 'h:0'])).toThrow(DocksideError);
  });
});
