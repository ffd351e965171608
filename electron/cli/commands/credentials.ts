import { EXIT } from '../../../shared/cli';
import type { SecretStore } from '../../../shared/credentials';
import type { Translate } from '../../../shared/i18n/translate';
import type { Message } from '../../../shared/message';
import { listCredentials } from '../../core/credentials/list-credentials';
import { loginToRegistry } from '../../core/credentials/login-registry';
import { logout } from '../../core/credentials/logout';
import { migrateCredentials } from '../../core/credentials/migrate';
import { registryPaths } from '../../core/trust/inspect-registry';
import type { CliContext } from '../context';
import { readPassword } from '../read-password';

/** Where a secret is kept, in words: Dockside's keychain item, another credential helper (its program's name), or config.json in plaintext. */
export function storeName(store: SecretStore, t: Translate): string {
  if (store.helper === null) return t('cli.creds.store.plaintext');
  if (store.source === 'dockside') return t('cli.creds.store.dockside');
  if (store.source === 'native') return t('cli.creds.store.native', { helper: store.helper });
  return `docker-credential-${store.helper}`;
}

/** The store's name and, where it was chosen just now, why (a login's, a migration's, a plan's keychain line). */
export function storeWithReason(store: SecretStore, t: Translate): string {
  return store.reason ? t('cli.creds.store.because', { store: storeName(store, t), reason: t(store.reason.code, store.reason.params) }) : storeName(store, t);
}

function printWarnings(ctx: CliContext, warnings: readonly Message[]): void {
  for (const warning of warnings) ctx.out.text(ctx.out.t('cli.creds.warning', { warning: ctx.out.t(warning.code, warning.params) }));
}

/** `login <host[:port]> -u USER --password-stdin`: the password comes from stdin only and ends up in a keychain. */
export async function loginCommand(ctx: CliContext, input: string, username: string, stdin: NodeJS.ReadableStream): Promise<number> {
  const { t } = ctx.out;
  const paths = registryPaths(ctx.certsDir, input);
  const password = await readPassword(stdin, `dockside login ${input}`);
  const result = await loginToRegistry(paths, { username, password }, ctx.credentials);
  ctx.out.document(result);
  printWarnings(ctx, result.warnings);
  ctx.out.text(t('cli.creds.login-succeeded', { store: storeName(result.store, t) }));
  if (result.store.reason) ctx.out.text(t('cli.creds.store-reason', { reason: t(result.store.reason.code, result.store.reason.params) }));
  if (result.removedPlaintext) ctx.out.text(t('cli.creds.plaintext-removed'));
  return EXIT.ok;
}

/** `logout <host[:port]>`: erase the secret and the registry's entries in config.json. */
export async function logoutCommand(ctx: CliContext, input: string): Promise<number> {
  const { t } = ctx.out;
  const { name } = registryPaths(ctx.certsDir, input);
  const result = await logout(name.dirName, ctx.credentials);
  ctx.out.document(result);
  // An erased secret always has a store (logout names plaintext when it found no helper).
  ctx.out.text(result.erased && result.store ? t('cli.creds.logged-out', { store: storeName(result.store, t) }) : t('cli.creds.not-logged-in'));
  return EXIT.ok;
}

/** `creds list`: each registry in config.json and where its secret lives. */
export async function credsListCommand(ctx: CliContext): Promise<number> {
  const { t } = ctx.out;
  const result = await listCredentials(ctx.credentials);
  ctx.out.document(result);
  ctx.out.text(t(result.registries.length === 0 ? 'cli.creds.list-heading-none' : 'cli.creds.list-heading', { path: result.configPath }));
  for (const entry of result.registries) ctx.out.text(`  ${entry.registry}  ${entry.username ?? t('cli.creds.unknown-user')}  ${storeName(entry.store, t)}`);
  printWarnings(ctx, result.warnings);
  return EXIT.ok;
}

/** `creds migrate [--dry-run]`: every plaintext secret of config.json into a keychain. */
export async function credsMigrateCommand(ctx: CliContext, options: { dryRun: boolean }): Promise<number> {
  const { t } = ctx.out;
  const result = await migrateCredentials(options, ctx.credentials);
  ctx.out.document(result);
  printWarnings(ctx, result.warnings);
  if (result.moved.length === 0) ctx.out.text(t('cli.creds.nothing-to-migrate'));
  for (const entry of result.moved) {
    ctx.out.text(`  ${entry.registry} (${entry.username ?? t('cli.creds.unknown-user')}) -> ${storeWithReason(entry.store, t)}${options.dryRun ? ` ${t('cli.creds.would-move')}` : ''}`);
  }
  return EXIT.ok;
}
