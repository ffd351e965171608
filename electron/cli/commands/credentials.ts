import { EXIT } from '../../../shared/cli';
import { listCredentials } from '../../core/credentials/list-credentials';
import { loginToRegistry } from '../../core/credentials/login-registry';
import { logout } from '../../core/credentials/logout';
import { migrateCredentials } from '../../core/credentials/migrate';
import { registryPaths } from '../../core/trust/inspect-registry';
import type { CliContext } from '../context';
import { storeName } from '../messages';
import { readPassword } from '../read-password';

/** `login <host[:port]> -u USER --password-stdin`: the password comes from stdin only and ends up in a keychain. */
export async function loginCommand(ctx: CliContext, input: string, username: string, stdin: NodeJS.ReadableStream): Promise<number> {
  const m = ctx.out.messages;
  const paths = registryPaths(ctx.certsDir, input);
  const password = await readPassword(stdin, `dockside login ${input}`);
  const result = await loginToRegistry(paths, { username, password }, ctx.credentials);
  ctx.out.document(result);
  for (const warning of result.warnings) ctx.out.text(`${m.warning}: ${warning}`);
  ctx.out.text(`${m.loginSucceeded} ${storeName(result.store, m)}.`);
  if (result.removedPlaintext) ctx.out.text(m.plaintextRemoved);
  return EXIT.ok;
}

/** `logout <host[:port]>`: erase the secret and the registry's entries in config.json. */
export async function logoutCommand(ctx: CliContext, input: string): Promise<number> {
  const m = ctx.out.messages;
  const { name } = registryPaths(ctx.certsDir, input);
  const result = await logout(name.dirName, ctx.credentials);
  ctx.out.document(result);
  ctx.out.text(result.erased ? `${m.loggedOut} ${result.store ? storeName(result.store, m) : ''}`.trim() : m.notLoggedIn);
  return EXIT.ok;
}

/** `creds list`: each registry in config.json and where its secret lives. */
export async function credsListCommand(ctx: CliContext): Promise<number> {
  const m = ctx.out.messages;
  const result = await listCredentials(ctx.credentials);
  ctx.out.document(result);
  ctx.out.text(`${result.configPath}:${result.registries.length === 0 ? ` ${m.none}` : ''}`);
  for (const entry of result.registries) ctx.out.text(`  ${entry.registry}  ${entry.username ?? '?'}  ${storeName(entry.store, m)}`);
  for (const warning of result.warnings) ctx.out.text(`${m.warning}: ${warning}`);
  return EXIT.ok;
}

/** `creds migrate [--dry-run]`: every plaintext secret of config.json into a keychain. */
export async function credsMigrateCommand(ctx: CliContext, options: { dryRun: boolean }): Promise<number> {
  const m = ctx.out.messages;
  const result = await migrateCredentials(options, ctx.credentials);
  ctx.out.document(result);
  for (const warning of result.warnings) ctx.out.text(`${m.warning}: ${warning}`);
  if (result.moved.length === 0) ctx.out.text(m.nothingToMigrate);
  for (const entry of result.moved) {
    ctx.out.text(`  ${entry.registry} (${entry.username ?? '?'}) -> ${storeName(entry.store, m)}${options.dryRun ? ` ${m.wouldMove}` : ''}`);
  }
  return EXIT.ok;
}
