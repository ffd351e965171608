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
  const m = ctx.out.messages;
  ctx.out.text(`Nexus ${result.version ?? ''} ${result.nexusUrl}`.replace('  ', ' '));
  for (const repository of result.repositories) {
    const endpoints = repository.endpoints.join(', ') || m.unknownEndpoint;
    ctx.out.text(`  ${repository.name} (${repository.type}) [${repository.roles.join(', ')}] ${endpoints}`);
    for (const note of repository.notes) ctx.out.text(`    ${note}`);
  }
  const { mirror, pull, push } = result.recommended;
  ctx.out.text(`${m.recommended}: ${m.mirror} ${mirror ?? m.none}, ${m.pull} ${pull ?? m.none}, ${m.push} ${push ?? m.none}`);
  for (const note of result.notes) ctx.out.text(`${m.note}: ${note}`);
}
