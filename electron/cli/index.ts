import { EXIT } from '../../shared/cli';
import { DocksideError, toErrorValue } from '../core/errors';
import { languageFromEnv } from '../../shared/i18n/locale-env';
import { loadCatalog } from '../../shared/i18n/load-catalog';
import { createTranslator } from '../core/i18n/translator';
import { FULL_HELP_AFTER, helpText, langOption, parseCliArgs } from './args';
import { createContext } from './context';
import { createOutput } from './output';

/** Codes that mean the user asked for something malformed: exit 2, like a usage error. */
const USAGE_CODES = new Set(['usage', 'invalid-mirror', 'invalid-insecure-registry', 'invalid-registry-name', 'invalid-fingerprint', 'invalid-profile']);

/** The `dockside` command (DESIGN §4); returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  // Read before parsing: --help and a usage error speak the language asked for too.
  const language = languageFromEnv(langOption(argv), process.env);
  try {
    const args = parseCliArgs(argv);
    if (args.command === undefined || args.flags.help) {
      process.stdout.write(`${helpText(createTranslator(language, await loadCatalog(language)))}\n`);
      return args.command === undefined && !args.flags.help ? EXIT.usage : EXIT.ok;
    }
    const ctx = await createContext(args, import.meta.dirname);
    const restart = args.flags.restart;
    // Each command's modules load only when it runs: a `mirrors use` does not pay for the doctor's or Nexus's.
    switch (args.command) {
      case 'status':
        return await (await import('./commands/status')).statusCommand(ctx);
      case 'trust inspect':
        return await (await import('./commands/trust')).trustInspectCommand(ctx, args.operands[0] ?? '', args.values);
      case 'trust add':
        return await (await import('./commands/trust')).trustAddCommand(ctx, args.operands[0] ?? '', { ...args.values, allowPublicRegistry: args.flags.allowPublicRegistry, osStore: args.flags.osStore });
      case 'trust remove':
        return await (await import('./commands/trust')).trustRemoveCommand(ctx, args.operands[0] ?? '', { osStore: args.flags.osStore });
      case 'trust list':
        return await (await import('./commands/trust')).trustListCommand(ctx);
      case 'login':
        return await (await import('./commands/credentials')).loginCommand(ctx, args.operands[0] ?? '', args.values.username ?? '', process.stdin);
      case 'logout':
        return await (await import('./commands/credentials')).logoutCommand(ctx, args.operands[0] ?? '');
      case 'creds list':
        return await (await import('./commands/credentials')).credsListCommand(ctx);
      case 'creds migrate':
        return await (await import('./commands/credentials')).credsMigrateCommand(ctx, { dryRun: args.flags.dryRun });
      case 'nexus discover':
        return await (await import('./commands/nexus')).nexusDiscoverCommand(ctx, args.operands[0] ?? '', args.values.username, process.stdin);
      case 'mirrors probe':
        return await (await import('./commands/mirrors-probe')).mirrorsProbeCommand(ctx, args.operands, args.values);
      case 'mirrors use':
        return await (await import('./commands/mirrors')).mirrorsCommand(ctx, args.operands, { restart, insecure: args.flags.insecure, allowPublicRegistry: args.flags.allowPublicRegistry });
      case 'mirrors clear':
        return await (await import('./commands/mirrors')).mirrorsCommand(ctx, 'clear', { restart, insecure: false });
      case 'rollback':
        return await (await import('./commands/rollback')).rollbackCommand(ctx, { restart });
      case 'doctor':
        return await (await import('./commands/doctor')).doctorCommand(ctx, args.operands[0], { image: args.values.image });
      case 'profile check':
        return await (await import('./commands/profile')).profileCheckCommand(ctx, args.operands[0] ?? '', { username: args.values.username });
      case 'profile apply':
        return await (await import('./commands/profile')).profileApplyCommand(ctx, args.operands[0] ?? '', { username: args.values.username, passwordStdin: args.flags.passwordStdin, credentialsFile: args.values.credentials }, process.stdin);
      case 'path status':
        return await (await import('./commands/path')).pathCommand(ctx, 'status');
      case 'path install':
        return await (await import('./commands/path')).pathCommand(ctx, 'install');
      case 'path remove':
        return await (await import('./commands/path')).pathCommand(ctx, 'remove');
    }
  } catch (error) {
    const value = toErrorValue(error);
    const out = createOutput(json, language, await loadCatalog(language));
    out.error(value);
    if (!json && FULL_HELP_AFTER.has(value.key)) process.stderr.write(`\n${helpText(out.t)}\n`);
    return error instanceof DocksideError && USAGE_CODES.has(error.code) ? EXIT.usage : EXIT.failed;
  }
}

// `dockside trust inspect | head`: a reader that goes away is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});
process.exitCode = await runCli(process.argv.slice(2));
