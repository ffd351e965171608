import { parseArgs } from 'node:util';
import type { Translate } from '../../shared/i18n/translate';
import type { MessageCode } from '../../shared/message';
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
  'os-store': { type: 'boolean' },
  fingerprint: { type: 'string' },
  'ca-file': { type: 'string' },
  'ca-url': { type: 'string' },
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
/** What the operand is, for the usage error that asks for it (`cli.error.usage.missing-<kind>`). */
type OperandKind = 'registry' | 'nexus-url' | 'mirror-url' | 'profile';

export const COMMANDS = {
  status: { options: [], operands: 'none', usage: 'dockside status' },
  'trust inspect': { options: ['ca-file'], operands: 'one', operand: 'registry', usage: 'dockside trust inspect <host[:port]> [--ca-file PEM]' },
  'trust add': {
    options: ['fingerprint', 'ca-file', 'ca-url', 'os-store', 'allow-public-registry'],
    operands: 'one',
    operand: 'registry',
    usage: 'dockside trust add <host[:port]> [--fingerprint sha256:HEX] [--ca-file PEM | --ca-url URL] [--os-store] [--allow-public-registry]',
  },
  'trust remove': { options: ['os-store'], operands: 'one', operand: 'registry', usage: 'dockside trust remove <host[:port]> [--os-store]' },
  'trust list': { options: [], operands: 'none', usage: 'dockside trust list' },
  login: { options: ['username', 'password-stdin'], operands: 'one', operand: 'registry', usage: 'dockside login <host[:port]> -u USER --password-stdin' },
  logout: { options: [], operands: 'one', operand: 'registry', usage: 'dockside logout <host[:port]>' },
  'creds list': { options: [], operands: 'none', usage: 'dockside creds list' },
  'creds migrate': { options: ['dry-run'], operands: 'none', usage: 'dockside creds migrate [--dry-run]' },
  'nexus discover': { options: ['username', 'password-stdin'], operands: 'one', operand: 'nexus-url', usage: 'dockside nexus discover <nexus-url> [-u USER --password-stdin]' },
  'mirrors probe': { options: ['nexus', 'image', 'timeout'], operands: 'any', usage: 'dockside mirrors probe [URL...] [--nexus URL] [--image REPO:TAG] [--timeout MS]' },
  'mirrors use': {
    options: ['reload', 'restart', 'insecure', 'allow-public-registry'],
    operands: 'some',
    operand: 'mirror-url',
    usage: 'dockside mirrors use <URL...> [--reload|--restart] [--insecure] [--allow-public-registry]',
  },
  'mirrors clear': { options: ['reload', 'restart'], operands: 'none', usage: 'dockside mirrors clear [--reload|--restart]' },
  rollback: { options: ['reload', 'restart'], operands: 'none', usage: 'dockside rollback [--reload|--restart]' },
  doctor: { options: ['image'], operands: 'any', usage: 'dockside doctor [<host[:port]>[/<repository>]] [--image REF]' },
  'profile check': { options: ['username'], operands: 'one', operand: 'profile', usage: 'dockside profile check <file|https-url> [-u USER]' },
  'profile apply': {
    options: ['username', 'password-stdin', 'credentials'],
    operands: 'one',
    operand: 'profile',
    usage: 'dockside profile apply <file|https-url> [-u USER] [--password-stdin] [--credentials FILE]',
  },
  'path status': { options: [], operands: 'none', usage: 'dockside path status' },
  'path install': { options: [], operands: 'none', usage: 'dockside path install' },
  'path remove': { options: [], operands: 'none', usage: 'dockside path remove' },
} as const satisfies Record<string, { options: readonly OptionName[]; operands: Operands; operand?: OperandKind; usage: string }>;
export type CommandName = keyof typeof COMMANDS;

export interface ParsedArgs {
  command: CommandName | undefined;
  operands: string[];
  flags: { json: boolean; yes: boolean; help: boolean; reload: boolean; restart: boolean; insecure: boolean; allowPublicRegistry: boolean; osStore: boolean; passwordStdin: boolean; dryRun: boolean };
  values: { fingerprint?: string; caFile?: string; caUrl?: string; username?: string; credentials?: string; nexus?: string; image?: string; timeoutMs?: number };
  globals: { dockerConfig?: string; daemonJson?: string; certsDir?: string; engine?: string; lang?: string };
}

/** The global options' flags, as typed; each one's description is `cli.help.option.<flag>`. */
const GLOBAL_HELP = [
  ['--json', 'json'],
  ['--yes, -y', 'yes'],
  ['--daemon-json PATH', 'daemon-json'],
  ['--certs-dir DIR', 'certs-dir'],
  ['--engine KIND', 'engine'],
  ['--docker-config DIR', 'docker-config'],
  ['--lang en|zh-CN', 'lang'],
] as const satisfies readonly (readonly [string, string])[];

/**
 * `dockside --help` in the reader's language: the command lines and flags stay as typed, the
 * words around them come from the catalog.
 */
export function helpText(t: Translate): string {
  return [
    t('cli.help.usage'),
    ...Object.values(COMMANDS).map((command) => `  ${command.usage}`),
    '',
    t('cli.help.global'),
    ...GLOBAL_HELP.map(([flags, name]) => `  ${flags.padEnd(22)} ${t(`cli.help.option.${name}`)}`),
    '',
    t('cli.help.exit'),
  ].join('\n');
}

/** Usage errors after which the whole help is printed: the arguments say nothing of which command was meant. */
export const FULL_HELP_AFTER: ReadonlySet<MessageCode> = new Set<MessageCode>([
  'cli.error.usage.unknown-option',
  'cli.error.usage.missing-value',
  'cli.error.usage.takes-no-value',
  'cli.error.usage.parse',
  'cli.error.usage.unknown-command',
]);

/** node:util parseArgs's refusal as a usage error of ours; its English text is kept (quoted) only when it is none of the known ones. */
function parseError(error: Error): DocksideError {
  const text = error.message;
  // verbatim: node:util parseArgs's own messages (Node 20+), read for the option they name.
  const unknown = /^Unknown option '([^']+)'/.exec(text);
  if (unknown) return new DocksideError('usage', 'cli.error.usage.unknown-option', { option: unknown[1] ?? '' });
  const named = /^Option '(?:-[^-], )?(-[^' ]+)[^']*' (argument missing|does not take an argument)/.exec(text);
  if (named) return new DocksideError('usage', named[2] === 'argument missing' ? 'cli.error.usage.missing-value' : 'cli.error.usage.takes-no-value', { option: named[1] ?? '' });
  return new DocksideError('usage', 'cli.error.usage.parse', { detail: text });
}

/**
 * --lang as given (`--lang X` or `--lang=X`, the last one wins, as parseArgs reads it), found
 * without parsing: the help and a usage error about the other arguments use it too.
 */
export function langOption(argv: readonly string[]): string | undefined {
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    if (arg === '--lang') lang = argv[++i];
    else if (arg.startsWith('--lang=')) lang = arg.slice('--lang='.length);
  }
  return lang;
}

/** Parses argv (after the program name); a usage error is a DocksideError with code `usage`. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw parseError(error as Error);
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
    osStore: values['os-store'] ?? false,
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
  const commandValues = { fingerprint: values.fingerprint, caFile: values['ca-file'], caUrl: values['ca-url'], username: values.username, credentials: values.credentials, nexus: values.nexus, image: values.image, timeoutMs: timeoutOf(values.timeout) };
  const [first, second, ...rest] = positionals;
  if (first === undefined) return { command: undefined, operands: [], flags, values: commandValues, globals };
  const twoWords = `${first} ${second ?? ''}`;
  // Own keys only: `constructor` or `__proto__` must be unknown commands, not Object.prototype's.
  const command = (Object.hasOwn(COMMANDS, twoWords) ? twoWords : first) as CommandName;
  if (!Object.hasOwn(COMMANDS, command)) throw new DocksideError('usage', 'cli.error.usage.unknown-command', { command: positionals.join(' ') });
  const operands = command === twoWords ? rest : positionals.slice(1);

  const allowed = new Set<OptionName>([...GLOBAL, ...COMMANDS[command].options]);
  for (const name of Object.keys(values) as OptionName[]) {
    if (!allowed.has(name)) {
      throw new DocksideError('usage', 'cli.error.usage.option-not-taken', { command: COMMANDS[command].usage.split(' [')[0] ?? command, option: `--${name}`, usage: COMMANDS[command].usage });
    }
  }
  if (flags.reload && flags.restart) throw new DocksideError('usage', 'cli.error.usage.reload-restart');
  const spec: { operands: Operands; operand?: OperandKind; usage: string } = COMMANDS[command];
  const { operands: expected, usage } = spec;
  if ((expected === 'one' || expected === 'some') && operands.length === 0) throw new DocksideError('usage', `cli.error.usage.missing-${spec.operand ?? 'registry'}`, { usage });
  const extra = expected === 'none' ? operands[0] : expected === 'one' ? operands[1] : undefined;
  if (extra !== undefined) throw new DocksideError('usage', 'cli.error.usage.unexpected-argument', { argument: extra, usage });
  if (command === 'doctor' && operands.length > 1) throw new DocksideError('usage', 'cli.error.usage.doctor-one-registry', { argument: operands[1] ?? '', usage });
  if (command === 'login' && !commandValues.username) throw new DocksideError('usage', 'cli.error.usage.login-username', { usage });
  if (command === 'nexus discover' && Boolean(commandValues.username) !== flags.passwordStdin) {
    throw new DocksideError('usage', 'cli.error.usage.username-password-stdin', { usage });
  }
  if (command === 'login' && !flags.passwordStdin) {
    throw new DocksideError('usage', 'cli.error.usage.login-password-stdin', { registry: operands[0] ?? '', username: commandValues.username ?? '', usage });
  }
  return { command, operands, flags, values: commandValues, globals };
}

/** --timeout MS: a whole number of milliseconds, 100 ms to 10 minutes. */
function timeoutOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!/^[0-9]+$/.test(text) || ms < 100 || ms > 600_000) throw new DocksideError('usage', 'cli.error.usage.timeout', { value: text });
  return ms;
}
