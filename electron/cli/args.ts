import { parseArgs } from 'node:util';
import { DocksideError } from '../core/errors';

/** Every option of every command; which command accepts which is checked after parsing. */
const OPTIONS = {
  json: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
  'docker-config': { type: 'string' },
  'daemon-json': { type: 'string' },
  'certs-dir': { type: 'string' },
  engine: { type: 'string' },
  lang: { type: 'string' },
  reload: { type: 'boolean' },
  restart: { type: 'boolean' },
  insecure: { type: 'boolean' },
  'allow-public-registry': { type: 'boolean' },
  fingerprint: { type: 'string' },
  'ca-file': { type: 'string' },
  username: { type: 'string', short: 'u' },
  'password-stdin': { type: 'boolean' },
  credentials: { type: 'string' },
  'dry-run': { type: 'boolean' },
  nexus: { type: 'string' },
  image: { type: 'string' },
  timeout: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;
const GLOBAL: readonly OptionName[] = ['json', 'yes', 'help', 'docker-config', 'daemon-json', 'certs-dir', 'engine', 'lang'];

/** How many operands a command takes: none, exactly one, one or more, or any number. */
type Operands = 'none' | 'one' | 'some' | 'any';

export const COMMANDS = {
  status: { options: [], operands: 'none', usage: 'dockside status' },
  'trust inspect': { options: ['ca-file'], operands: 'one', operand: 'the registry as host[:port]', usage: 'dockside trust inspect <host[:port]> [--ca-file PEM]' },
  'trust add': {
    options: ['fingerprint', 'ca-file', 'allow-public-registry'],
    operands: 'one',
    operand: 'the registry as host[:port]',
    usage: 'dockside trust add <host[:port]> [--fingerprint sha256:HEX] [--ca-file PEM] [--allow-public-registry]',
  },
  'trust remove': { options: [], operands: 'one', operand: 'the registry as host[:port]', usage: 'dockside trust remove <host[:port]>' },
  'trust list': { options: [], operands: 'none', usage: 'dockside trust list' },
  login: { options: ['username', 'password-stdin'], operands: 'one', operand: 'the registry as host[:port]', usage: 'dockside login <host[:port]> -u USER --password-stdin' },
  logout: { options: [], operands: 'one', operand: 'the registry as host[:port]', usage: 'dockside logout <host[:port]>' },
  'creds list': { options: [], operands: 'none', usage: 'dockside creds list' },
  'creds migrate': { options: ['dry-run'], operands: 'none', usage: 'dockside creds migrate [--dry-run]' },
  'nexus discover': { options: ['username', 'password-stdin'], operands: 'one', operand: 'the Nexus URL', usage: 'dockside nexus discover <nexus-url> [-u USER --password-stdin]' },
  'mirrors probe': { options: ['nexus', 'image', 'timeout'], operands: 'any', usage: 'dockside mirrors probe [URL...] [--nexus URL] [--image REPO:TAG] [--timeout MS]' },
  'mirrors use': {
    options: ['reload', 'restart', 'insecure', 'allow-public-registry'],
    operands: 'some',
    operand: 'at least one mirror URL',
    usage: 'dockside mirrors use <URL...> [--reload|--restart] [--insecure] [--allow-public-registry]',
  },
  'mirrors clear': { options: ['reload', 'restart'], operands: 'none', usage: 'dockside mirrors clear [--reload|--restart]' },
  rollback: { options: ['reload', 'restart'], operands: 'none', usage: 'dockside rollback [--reload|--restart]' },
  doctor: { options: ['image'], operands: 'any', usage: 'dockside doctor [<host[:port]>[/<repository>]] [--image REF]' },
  'profile check': { options: ['username'], operands: 'one', operand: 'the profile as a file or an https:// URL', usage: 'dockside profile check <file|https-url> [-u USER]' },
  'profile apply': {
    options: ['username', 'password-stdin', 'credentials'],
    operands: 'one',
    operand: 'the profile as a file or an https:// URL',
    usage: 'dockside profile apply <file|https-url> [-u USER] [--password-stdin] [--credentials FILE]',
  },
} as const satisfies Record<string, { options: readonly OptionName[]; operands: Operands; operand?: string; usage: string }>;
export type CommandName = keyof typeof COMMANDS;

export interface ParsedArgs {
  command: CommandName | undefined;
  operands: string[];
  flags: { json: boolean; yes: boolean; help: boolean; reload: boolean; restart: boolean; insecure: boolean; allowPublicRegistry: boolean; passwordStdin: boolean; dryRun: boolean };
  values: { fingerprint?: string; caFile?: string; username?: string; credentials?: string; nexus?: string; image?: string; timeoutMs?: number };
  globals: { dockerConfig?: string; daemonJson?: string; certsDir?: string; engine?: string; lang?: string };
}

export const USAGE = [
  'Usage:',
  ...Object.values(COMMANDS).map((command) => `  ${command.usage}`),
  '',
  'Global options (before or after the command):',
  '  --json                 print the result as JSON (errors as JSON on stderr)',
  '  --yes, -y              answer yes to the confirmation',
  '  --daemon-json PATH     daemon.json to edit (env DOCKSIDE_DAEMON_JSON)',
  '  --certs-dir DIR        certs.d root (env DOCKSIDE_CERTS_DIR)',
  '  --engine KIND          auto|systemd|sysv|openrc|rootless|desktop|pidfile:PATH|none (env DOCKSIDE_ENGINE)',
  '  --docker-config DIR    Docker client config dir (default $DOCKER_CONFIG or ~/.docker)',
  '  --lang en|zh-CN        language of the messages',
  '',
  'Exit status: 0 ok, 1 failed, 2 usage, 3 verification failed and rolled back.',
].join('\n');

/** Parses argv (after the program name); a usage error is a DocksideError with code `usage`. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new DocksideError('usage', `${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const flags = {
    json: values.json ?? false,
    yes: values.yes ?? false,
    help: values.help ?? false,
    reload: values.reload ?? false,
    restart: values.restart ?? false,
    insecure: values.insecure ?? false,
    allowPublicRegistry: values['allow-public-registry'] ?? false,
    passwordStdin: values['password-stdin'] ?? false,
    dryRun: values['dry-run'] ?? false,
  };
  const globals = {
    dockerConfig: values['docker-config'],
    daemonJson: values['daemon-json'],
    certsDir: values['certs-dir'],
    engine: values.engine,
    lang: values.lang,
  };
  const commandValues = { fingerprint: values.fingerprint, caFile: values['ca-file'], username: values.username, credentials: values.credentials, nexus: values.nexus, image: values.image, timeoutMs: timeoutOf(values.timeout) };
  const [first, second, ...rest] = positionals;
  if (first === undefined) return { command: undefined, operands: [], flags, values: commandValues, globals };
  const twoWords = `${first} ${second ?? ''}`;
  // Own keys only: `constructor` or `__proto__` must be unknown commands, not Object.prototype's.
  const command = (Object.hasOwn(COMMANDS, twoWords) ? twoWords : first) as CommandName;
  if (!Object.hasOwn(COMMANDS, command)) throw new DocksideError('usage', `Unknown command "${positionals.join(' ')}".\n\n${USAGE}`);
  const operands = command === twoWords ? rest : positionals.slice(1);

  const allowed = new Set<OptionName>([...GLOBAL, ...COMMANDS[command].options]);
  for (const name of Object.keys(values) as OptionName[]) {
    if (!allowed.has(name)) throw new DocksideError('usage', `${COMMANDS[command].usage.split(' [')[0]} does not take --${name}.\n\nUsage: ${COMMANDS[command].usage}`);
  }
  if (flags.reload && flags.restart) throw new DocksideError('usage', '--reload and --restart exclude each other.');
  const spec: { operands: Operands; operand?: string; usage: string } = COMMANDS[command];
  const { operands: expected, usage } = spec;
  if ((expected === 'one' || expected === 'some') && operands.length === 0) throw new DocksideError('usage', `Give ${spec.operand}.\n\nUsage: ${usage}`);
  const extra = expected === 'none' ? operands[0] : expected === 'one' ? operands[1] : undefined;
  if (extra !== undefined) throw new DocksideError('usage', `Unexpected argument "${extra}".\n\nUsage: ${usage}`);
  if (command === 'doctor' && operands.length > 1) throw new DocksideError('usage', `Unexpected argument "${operands[1]}": the doctor examines one registry at a time.\n\nUsage: ${usage}`);
  if (command === 'login' && !commandValues.username) throw new DocksideError('usage', `Give the user name with -u USER.\n\nUsage: ${usage}`);
  if (command === 'nexus discover' && Boolean(commandValues.username) !== flags.passwordStdin) {
    throw new DocksideError('usage', `-u USER and --password-stdin go together: the password comes on stdin only.\n\nUsage: ${usage}`);
  }
  if (command === 'login' && !flags.passwordStdin) {
    throw new DocksideError(
      'usage',
      `Give the password on stdin with --password-stdin, e.g. \`dockside login ${operands[0]} -u ${commandValues.username} --password-stdin < password.txt\`: a password in argv or the environment is visible to other processes.\n\nUsage: ${usage}`,
    );
  }
  return { command, operands, flags, values: commandValues, globals };
}

/** --timeout MS: a whole number of milliseconds, 100 ms to 10 minutes. */
function timeoutOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!/^[0-9]+$/.test(text) || ms < 100 || ms > 600_000) throw new DocksideError('usage', `--timeout takes milliseconds from 100 to 600000, not "${text}".`);
  return ms;
}
