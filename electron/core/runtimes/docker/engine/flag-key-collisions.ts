/**
 * Which dockerd command-line flags set the same thing as a daemon.json key. dockerd refuses to
 * start, and to reload, when one setting comes both ways, even with equal values: "the following
 * directives are specified both as a flag and in the configuration file: <key>: (from flag: ...,
 * from file: ...)" (moby daemon/config/config.go, findConfigurationConflicts; FACTS §1). A flag
 * collides with the key of its own name, or, for a list or map option, with that option's JSON
 * name (`--registry-mirror` with `registry-mirrors`); `runtimes` merges instead (skipDuplicates).
 */

/** dockerd's words for a setting given both ways, quoted so users can search for them. */
export const FLAG_COLLISION_ERROR = 'the following directives are specified both as a flag and in the configuration file'; // verbatim: dockerd's error text

/** What dockerd says after each colliding key, with the values left out (they may hold secrets). */
export const FLAG_VALUES = '(from flag: ..., from file: ...)'; // verbatim: dockerd's error text

/** Flags whose daemon.json key is not their own name (moby opts.NamedOption). */
const KEY_OF_NAMED_FLAG: Readonly<Record<string, string>> = {
  'registry-mirror': 'registry-mirrors',
  'insecure-registry': 'insecure-registries',
  host: 'hosts',
  label: 'labels',
  'log-opt': 'log-opts',
  'storage-opt': 'storage-opts',
  'dns-opt': 'dns-opts',
  'exec-opt': 'exec-opts',
  'authorization-plugin': 'authorization-plugins',
  'default-ulimit': 'default-ulimits',
  'cluster-store-opt': 'cluster-store-opts',
  'node-generic-resource': 'node-generic-resources',
  'default-address-pool': 'default-address-pools',
  'cdi-spec-dir': 'cdi-spec-dirs',
  'default-network-opt': 'default-network-opts',
  'host-gateway-ip': 'host-gateway-ips',
};

/** dockerd's shorthand flags and their long names; a plain flag's shorthand is also a key of its own. */
const LONG_OF_SHORTHAND: Readonly<Record<string, string>> = { b: 'bridge', D: 'debug', g: 'graph', G: 'group', H: 'host', l: 'log-level', p: 'pidfile', s: 'storage-driver' };

/** Keys dockerd merges from both places instead of refusing them (moby skipDuplicates). */
const MERGED_KEYS = new Set(['runtimes']);

/** One setting given both ways: the daemon.json key and the flag exactly as the command line has it. */
export interface FlagKeyCollision {
  key: string;
  flag: string;
}

/** The daemon.json key a flag (long name, without dashes) sets. */
export function keyOfFlag(name: string): string {
  return Object.hasOwn(KEY_OF_NAMED_FLAG, name) ? (KEY_OF_NAMED_FLAG[name] ?? name) : name;
}

/** The flags that set a daemon.json key, as `--name` (and `-x`), for messages. */
export function flagsOfKey(key: string): string[] {
  const named = Object.entries(KEY_OF_NAMED_FLAG).filter(([, value]) => value === key).map(([flag]) => flag);
  const longNames = named.length > 0 ? named : [key];
  const shorthands = Object.entries(LONG_OF_SHORTHAND).filter(([short, long]) => longNames.includes(long) || (named.length === 0 && short === key));
  return [...longNames.map((name) => `--${name}`), ...shorthands.map(([short]) => `-${short}`)];
}

/**
 * The flags given on a dockerd command line, each with the daemon.json key it sets and the
 * argument as written. Values are skipped by shape only: a value never starts with `-` here
 * (paths, URLs, addresses), and pflag's `-Dl info` style groups of shorthands are read too.
 */
export function givenFlags(argv: readonly string[]): FlagKeyCollision[] {
  const given: FlagKeyCollision[] = [];
  for (const arg of argv.slice(1)) {
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0] ?? '';
      if (name !== '') given.push({ key: keyOfFlag(name), flag: `--${name}` });
    } else if (/^-[a-zA-Z]/.test(arg)) {
      for (const short of arg.slice(1)) {
        if (!Object.hasOwn(LONG_OF_SHORTHAND, short)) break;
        const long = LONG_OF_SHORTHAND[short] ?? short;
        // A plain flag is looked up by its shorthand too; a named option only by its JSON name.
        given.push({ key: keyOfFlag(long), flag: `-${short}` });
        if (!Object.hasOwn(KEY_OF_NAMED_FLAG, long)) given.push({ key: short, flag: `-${short}` });
      }
    }
  }
  return given;
}

/** The keys (of `keys`, in their order) that the dockerd command line also sets, each with the first flag that sets it. */
export function flagKeyCollisions(keys: readonly string[], argv: readonly string[]): FlagKeyCollision[] {
  const given = givenFlags(argv);
  return keys.flatMap((key): FlagKeyCollision[] => {
    if (MERGED_KEYS.has(key)) return [];
    const flag = given.find((entry) => entry.key === key)?.flag;
    return flag === undefined ? [] : [{ key, flag }];
  });
}
