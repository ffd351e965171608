import { describe, expect, it } from 'vitest';
import { withoutRegistry, withoutSecrets } from '../../../../../electron/core/credentials/config-entries';
import type { DockerConfig } from '../../../../../electron/core/credentials/docker-config';

const REG = 'nexus.example:8443';
const OTHER = 'other.example:5000';

/** A config as the docker CLI and other tools leave it, frozen all the way down: any mutation throws. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

describe('withoutSecrets', () => {
  it('drops auth, identitytoken, password and username, keeping the other keys', () => {
    const config = frozen<DockerConfig>({
      auths: { [REG]: { auth: 'YTpi', identitytoken: 'tok', password: 'pw', username: 'alice', email: 'a@example.com', registrytoken: 'r' } },
    });
    const { config: next, removed } = withoutSecrets(config, REG);
    expect(next.auths?.[REG]).toEqual({ email: 'a@example.com', registrytoken: 'r' });
    expect(removed).toBe(true);
  });

  it.each([
    ['auth', { auth: 'YWxpY2U6cHc=' }],
    ['identitytoken', { identitytoken: 'tok' }],
    ['password', { username: 'alice', password: 'pw' }],
  ])('reduces an entry holding only %s to {} and says a secret was removed', (_field, entry) => {
    const { config, removed } = withoutSecrets(frozen<DockerConfig>({ auths: { [REG]: entry } }), REG);
    expect(config.auths).toEqual({ [REG]: {} });
    expect(removed).toBe(true);
  });

  it('says nothing was removed when the entry held no secret (a username alone goes, but is no secret)', () => {
    expect(withoutSecrets(frozen<DockerConfig>({ auths: { [REG]: { username: 'alice', email: 'a@example.com' } } }), REG)).toEqual({
      config: { auths: { [REG]: { email: 'a@example.com' } } },
      removed: false,
    });
    expect(withoutSecrets(frozen<DockerConfig>({ auths: { [REG]: {} } }), REG)).toEqual({ config: { auths: { [REG]: {} } }, removed: false });
  });

  it('adds an empty entry when the registry had none (what Docker writes when a helper holds the secret)', () => {
    expect(withoutSecrets(frozen<DockerConfig>({}), REG)).toEqual({ config: { auths: { [REG]: {} } }, removed: false });
    expect(withoutSecrets(frozen<DockerConfig>({ auths: { [OTHER]: { auth: 'b3RoZXI6cHc=' } } }), REG)).toEqual({
      config: { auths: { [OTHER]: { auth: 'b3RoZXI6cHc=' }, [REG]: {} } },
      removed: false,
    });
  });

  it('leaves other registries and the other top-level keys untouched', () => {
    const config = frozen<DockerConfig>({
      auths: { [REG]: { auth: 'YWxpY2U6cHc=' }, [OTHER]: { auth: 'b3RoZXI6cHc=', email: 'o@example.com' } },
      credHelpers: { 'gcr.io': 'gcloud' },
      credsStore: 'pass',
      proxies: { default: { httpProxy: 'http://proxy:3128' } },
    });
    expect(withoutSecrets(config, REG).config).toEqual({
      auths: { [REG]: {}, [OTHER]: { auth: 'b3RoZXI6cHc=', email: 'o@example.com' } },
      credHelpers: { 'gcr.io': 'gcloud' },
      credsStore: 'pass',
      proxies: { default: { httpProxy: 'http://proxy:3128' } },
    });
  });

  it('does not change its input (frozen here: a write would throw), and returns a new auths object', () => {
    const input: DockerConfig = { auths: { [REG]: { auth: 'YWxpY2U6cHc=', email: 'a@example.com' } } };
    const copy = structuredClone(input);
    const { config } = withoutSecrets(frozen(input), REG);
    expect(input).toEqual(copy);
    expect(config).not.toBe(input);
    expect(config.auths).not.toBe(input.auths);
  });
});

describe('withoutRegistry', () => {
  const base = (): DockerConfig =>
    frozen<DockerConfig>({
      auths: { [REG]: { auth: 'YWxpY2U6cHc=' }, [OTHER]: {} },
      credHelpers: { [REG]: 'dockside', [OTHER]: 'dockside' },
      credsStore: 'pass',
      currentContext: 'desktop-linux',
    });

  it('removes the auths entry and the credHelpers entry naming the helper, keeping everything else', () => {
    expect(withoutRegistry(base(), REG, 'dockside')).toEqual({
      auths: { [OTHER]: {} },
      credHelpers: { [OTHER]: 'dockside' },
      credsStore: 'pass',
      currentContext: 'desktop-linux',
    });
  });

  it('keeps a credHelpers entry that names another helper (or when no helper is given)', () => {
    expect(withoutRegistry(base(), REG, 'secretservice').credHelpers).toEqual({ [REG]: 'dockside', [OTHER]: 'dockside' });
    expect(withoutRegistry(base(), REG, null).credHelpers).toEqual({ [REG]: 'dockside', [OTHER]: 'dockside' });
    expect(withoutRegistry(base(), REG, null).auths).toEqual({ [OTHER]: {} });
  });

  it('removes the credHelpers key entirely when its last entry goes', () => {
    const config = frozen<DockerConfig>({ auths: { [REG]: {} }, credHelpers: { [REG]: 'dockside' }, proxies: {} });
    const next = withoutRegistry(config, REG, 'dockside');
    expect(next).toEqual({ auths: {}, proxies: {} });
    expect('credHelpers' in next).toBe(false);
  });

  it('adds no auths or credHelpers key the config did not have', () => {
    expect(withoutRegistry(frozen<DockerConfig>({ credsStore: 'pass' }), REG, 'dockside')).toEqual({ credsStore: 'pass' });
  });

  it('does not change its input', () => {
    const input = base();
    const copy = structuredClone(input);
    withoutRegistry(input, REG, 'dockside');
    expect(input).toEqual(copy);
  });
});
