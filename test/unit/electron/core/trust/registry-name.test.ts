import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocksideError } from '../../../../../electron/core/errors';
import { certsDirFor, parseRegistryName, type RegistryName } from '../../../../../electron/core/trust/registry-name';
import { generateRegistryNames } from '../../../registry-names';
import { english } from '../../../../harness/english';

const CERTS_ROOT = '/etc/docker/certs.d';

function refusal(input: string): DocksideError {
  try {
    parseRegistryName(input);
  } catch (error) {
    if (error instanceof DocksideError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(input)} was accepted`);
}

describe('parseRegistryName (accepted)', () => {
  const accepted: Array<[input: string, expected: RegistryName]> = [
    ['nexus.example.com:8443', { host: 'nexus.example.com', port: 8443, kind: 'dns', dirName: 'nexus.example.com:8443' }],
    ['Nexus.Example.COM:8443', { host: 'nexus.example.com', port: 8443, kind: 'dns', dirName: 'nexus.example.com:8443' }],
    ['nexus.example.com', { host: 'nexus.example.com', port: undefined, kind: 'dns', dirName: 'nexus.example.com' }],
    ['localhost:5000', { host: 'localhost', port: 5000, kind: 'dns', dirName: 'localhost:5000' }],
    ['localhost', { host: 'localhost', port: undefined, kind: 'dns', dirName: 'localhost' }],
    ['my-registry.internal:1', { host: 'my-registry.internal', port: 1, kind: 'dns', dirName: 'my-registry.internal:1' }],
    ['a.b:65535', { host: 'a.b', port: 65535, kind: 'dns', dirName: 'a.b:65535' }],
    ['1x.example', { host: '1x.example', port: undefined, kind: 'dns', dirName: '1x.example' }],
    ['reg.123abc', { host: 'reg.123abc', port: undefined, kind: 'dns', dirName: 'reg.123abc' }],
    ['bücher.example', { host: 'xn--bcher-kva.example', port: undefined, kind: 'dns', dirName: 'xn--bcher-kva.example' }],
    ['BÜCHER.example:5000', { host: 'xn--bcher-kva.example', port: 5000, kind: 'dns', dirName: 'xn--bcher-kva.example:5000' }],
    ['https://reg.example:5000/', { host: 'reg.example', port: 5000, kind: 'dns', dirName: 'reg.example:5000' }],
    ['http://reg.example', { host: 'reg.example', port: undefined, kind: 'dns', dirName: 'reg.example' }],
    // IDNA (UTS 46) maps a full-width or ideographic full stop to ".", as browsers do.
    ['bücher\uff0eexample', { host: 'xn--bcher-kva.example', port: undefined, kind: 'dns', dirName: 'xn--bcher-kva.example' }],
    ['HTTPS://Reg.Example', { host: 'reg.example', port: undefined, kind: 'dns', dirName: 'reg.example' }],
    ['reg.example/', { host: 'reg.example', port: undefined, kind: 'dns', dirName: 'reg.example' }],
    ['127.0.0.1', { host: '127.0.0.1', port: undefined, kind: 'ipv4', dirName: '127.0.0.1' }],
    ['10.0.0.5:5000', { host: '10.0.0.5', port: 5000, kind: 'ipv4', dirName: '10.0.0.5:5000' }],
    ['0.0.0.0', { host: '0.0.0.0', port: undefined, kind: 'ipv4', dirName: '0.0.0.0' }],
    ['255.255.255.255:443', { host: '255.255.255.255', port: 443, kind: 'ipv4', dirName: '255.255.255.255:443' }],
    ['[fd00::5]:5000', { host: 'fd00::5', port: 5000, kind: 'ipv6', dirName: '[fd00::5]:5000' }],
    ['[FD00::5]:5000', { host: 'fd00::5', port: 5000, kind: 'ipv6', dirName: '[fd00::5]:5000' }],
    ['[::1]', { host: '::1', port: undefined, kind: 'ipv6', dirName: '[::1]' }],
    ['[fd00:0::5]', { host: 'fd00:0::5', port: undefined, kind: 'ipv6', dirName: '[fd00:0::5]' }],
    ['[::ffff:10.0.0.1]:5000', { host: '::ffff:10.0.0.1', port: 5000, kind: 'ipv6', dirName: '[::ffff:10.0.0.1]:5000' }],
    ['https://[fd00::5]:5000/', { host: 'fd00::5', port: 5000, kind: 'ipv6', dirName: '[fd00::5]:5000' }],
    [`${'a'.repeat(63)}.example`, { host: `${'a'.repeat(63)}.example`, port: undefined, kind: 'dns', dirName: `${'a'.repeat(63)}.example` }],
  ];

  it.each(accepted)('%s', (input, expected) => {
    expect(parseRegistryName(input)).toEqual(expected);
  });

  it('accepts a name of exactly 253 characters', () => {
    const name = [...Array<string>(3).fill('a'.repeat(63)), 'b'.repeat(61)].join('.');
    expect(name).toHaveLength(253);
    expect(parseRegistryName(name).dirName).toBe(name);
  });
});

describe('parseRegistryName (refused)', () => {
  const refused: Array<[why: string, input: string]> = [
    ['empty', ''],
    ['only a scheme', 'https://'],
    ['only a slash', '/'],
    ['a dot alone', '.'],
    ['two dots', '..'],
    ['an empty label', 'a..b'],
    ['a leading dot', '.reg.example'],
    ['a trailing dot', 'reg.example.'],
    ['a leading hyphen', '-a.example'],
    ['a trailing hyphen', 'a-.example'],
    ['an underscore', 'my_reg.example'],
    ['an empty port', 'reg.example:'],
    ['a port with a leading zero', 'reg.example:08080'],
    ['port 0', 'reg.example:0'],
    ['port 65536', 'reg.example:65536'],
    ['a very long port', 'reg.example:100000000000000000000'],
    ['a signed port', 'reg.example:+80'],
    ['a named port', 'reg.example:https'],
    ['two ports', 'reg.example:5000:1'],
    ['no host before the port', ':5000'],
    ['a path upwards', '../etc'],
    ['a path through the name', 'reg/../../etc'],
    ['a path after the port', 'reg.example:5000/v2'],
    ['two trailing slashes', 'reg.example//'],
    ['a leading slash', '/reg.example'],
    ['an absolute path', '/etc/passwd'],
    ['a backslash', 'reg.example\\x'],
    ['a Windows path', '..\\..\\Windows'],
    ['a query', 'reg.example?x=1'],
    ['a fragment', 'reg.example#x'],
    ['user information', 'user@reg.example'],
    ['a URL with user information', 'https://user:pw@reg.example/'],
    ['a scheme other than http(s)', 'ftp://reg.example'],
    ['two schemes', 'https://https://reg.example'],
    ['percent-encoding', 'reg%2eexample'],
    ['percent-encoded dots', '%2e%2e'],
    ['a space inside', 'reg .example'],
    ['a leading space', ' reg.example'],
    ['a trailing newline', 'reg.example\n'],
    ['a tab', 'reg.example\t'],
    ['a no-break space', 'reg\u00a0example'],
    ['NUL', 'reg.example\u0000'],
    ['NUL then a path', 'reg\u0000/../../etc'],
    ['DEL', 'reg\u007f.example'],
    ['a C1 control', 'reg\u0085.example'],
    ['an unclosed IPv6 bracket', '[::1'],
    ['an unbracketed IPv6 address', '::1'],
    ['an unbracketed IPv6 address with a port', 'fd00::5:5000'],
    ['empty brackets', '[]'],
    ['IPv4 in brackets', '[10.0.0.1]'],
    ['a name in brackets', '[reg.example]'],
    ['an IPv6 zone', '[fe80::1%eth0]'],
    ['text after the bracket', '[::1]x'],
    ['a stray closing bracket', 'reg]:5000'],
    ['IPv6 port 0', '[::1]:0'],
    ['IPv6 empty port', '[::1]:'],
    ['an octet above 255', '1.2.3.256'],
    ['an octet with a leading zero', '01.2.3.4'],
    ['three octets', '1.2.3'],
    ['five octets', '1.2.3.4.5'],
    ['a number alone', '2130706433'],
    ['a hexadecimal IPv4', '0x7f000001'],
    ['a name ending in a number', 'reg.example.1'],
    ['full-width digits', '\uff11\uff12\uff17.\uff10.\uff10.\uff11'],
    ['a full-width solidus', 'reg\uff0f..\uff0fetc'],
    ['a full-width reverse solidus', 'reg\uff3cetc'],
    ['an internationalised trailing dot', 'bücher.example\u3002'],
    ['a zero-width joiner', 'a\u200db.example'],
    ['a 64-character label', `${'a'.repeat(64)}.example`],
    ['a 254-character name', [...Array<string>(3).fill('a'.repeat(63)), 'b'.repeat(62)].join('.')],
  ];

  it.each(refused)('refuses %s', (_why, input) => {
    const error = refusal(input);
    expect(error.code).toBe('invalid-registry-name');
    expect(english(error)).toContain('host[:port]');
    expect(english(error)).toContain('nexus.example.com:8443');
  });

  it('says what is wrong', () => {
    expect(english(refusal('reg.example:0'))).toMatch(/port "0" must be 1-65535/);
    expect(english(refusal('::1'))).toMatch(/IPv6 address must be written in brackets/);
    expect(english(refusal('reg/../../etc'))).toMatch(/contains a path/);
    expect(english(refusal('reg.example.'))).toMatch(/trailing dot/);
    expect(english(refusal('a..b'))).toMatch(/empty label/);
    expect(english(refusal('1.2.3.256'))).toMatch(/not an IPv4 address/);
    expect(english(refusal(`${'a'.repeat(64)}.example`))).toMatch(/64 characters long; at most 63/);
  });

  it('shows control, invisible and blank characters escaped and a long name shortened', () => {
    expect(english(refusal('a\u0000b'))).toContain('"a\\u0000b"');
    expect(english(refusal('a\u202eb'))).toContain('"a\\u202eb"');
    expect(english(refusal('a\u0085b'))).toContain('"a\\u0085b"');
    expect(english(refusal('a\u00a0b'))).toContain('"a\\u00a0b"');
    const message = english(refusal(`${'a'.repeat(300)}/`));
    expect(message.length).toBeLessThan(300);
  });
});

describe('certsDirFor', () => {
  it('joins the directory name to the root', () => {
    expect(certsDirFor(CERTS_ROOT, 'Nexus.Example.COM:8443')).toBe('/etc/docker/certs.d/nexus.example.com:8443');
    expect(certsDirFor('/etc/docker/certs.d/', 'https://[FD00::5]:5000/')).toBe('/etc/docker/certs.d/[fd00::5]:5000');
    expect(certsDirFor('/home/u/.config/docker/certs.d', 'bücher.example')).toBe('/home/u/.config/docker/certs.d/xn--bcher-kva.example');
  });

  it('resolves a relative root so the result is a direct child of it', () => {
    expect(certsDirFor('certs.d', 'reg.example:5000')).toBe(path.join(path.resolve('certs.d'), 'reg.example:5000'));
  });

  it('refuses what parseRegistryName refuses', () => {
    expect(() => certsDirFor(CERTS_ROOT, '../etc')).toThrow(expect.objectContaining({ code: 'invalid-registry-name' }));
  });
});

describe('parseRegistryName and certsDirFor (generated hostile names)', () => {
  const names = generateRegistryNames(1500);

  it('refuses with invalid-registry-name or yields a direct child of the certs root', () => {
    expect(names.size).toBeGreaterThanOrEqual(1000);
    let accepted = 0;
    let refused = 0;
    const failures: string[] = [];
    for (const name of names) {
      let parsed: RegistryName;
      try {
        parsed = parseRegistryName(name);
      } catch (error) {
        if (error instanceof DocksideError && error.code === 'invalid-registry-name') {
          refused++;
          // The message is shown in a terminal and the UI: nothing invisible from the input.
          if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(english(error))) failures.push(`${JSON.stringify(name)}: raw ${JSON.stringify(english(error))}`);
        } else failures.push(`${JSON.stringify(name)} threw ${String(error)}`);
        continue;
      }
      accepted++;
      const dir = certsDirFor(CERTS_ROOT, name);
      const base = path.basename(dir);
      const safe =
        path.dirname(dir) === CERTS_ROOT &&
        base === parsed.dirName &&
        !/[/\\\0]/.test(base) &&
        base !== '.' &&
        base !== '..' &&
        // What a valid name looks like: lower-case ASCII host or bracketed IPv6, optional port.
        /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::[1-9][0-9]{0,4})?$/.test(base);
      if (!safe) failures.push(`${JSON.stringify(name)} -> ${JSON.stringify(dir)}`);
    }
    console.log(`generated ${names.size} distinct names: ${accepted} accepted, ${refused} refused`);
    expect(failures).toEqual([]);
    expect(accepted + refused).toBe(names.size);
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(500);
  });
});
