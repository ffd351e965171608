import { EXIT } from '../../../shared/cli';
import type { NexusDiscoveryJson } from '../../../shared/nexus';
import { discoverNexusTrustingSystem } from '../../core/nexus/discover';
import type { CliContext } from '../context';
import { readPassword } from '../read-password';

/** `nexus discover <url> [-u USER --password-stdin]`: the docker repositories, how to reach each, and what each is for. */
export async function nexusDiscoverCommand(ctx: CliContext, url: string, username: string | undefined, stdin: NodeJS.ReadableStream): Promise<number> {
  const credentials = username === undefined ? undefined : { username, password: await readPassword(stdin, `dockside nexus discover ${url}`) };
  const result = await discoverNexusTrustingSystem(url, credentials);
  ctx.out.document(result);
  printDiscovery(ctx, result);
  return EXIT.ok;
}

function printDiscovery(ctx: CliContext, result: NexusDiscoveryJson): void {
  const { t } = ctx.out;
  ctx.out.text(result.version === null ? t('cli.nexus.header.no-version', { url: result.nexusUrl }) : t('cli.nexus.header', { version: result.version, url: result.nexusUrl }));
  for (const repository of result.repositories) {
    const endpoints = repository.endpoints.join(', ') || t('cli.nexus.unknown-endpoint');
    const roles = repository.roles.map((role) => t(`cli.nexus.role.${role}`)).join(', ');
    ctx.out.text(`  ${repository.name} (${repository.type}) [${roles}] ${endpoints}`);
    for (const note of repository.notes) ctx.out.text(`    ${t(note.code, note.params)}`);
  }
  const none = t('cli.nexus.none');
  const { mirror, pull, push } = result.recommended;
  ctx.out.text(t('cli.nexus.recommended', { mirror: mirror ?? none, pull: pull ?? none, push: push ?? none }));
  for (const note of result.notes) ctx.out.text(t('cli.nexus.note', { note: t(note.code, note.params) }));
}
