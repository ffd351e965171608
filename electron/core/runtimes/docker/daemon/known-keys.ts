/**
 * The daemon.json keys dockerd accepts, for engines without `dockerd --validate` (before 23.0).
 * dockerd checks a file the same way at every start and reload (moby daemon/config/config.go,
 * findConfigurationConflicts): a key is known when it names one of its command-line flags (long
 * name or shorthand), the JSON name of a list or map option (`registry-mirrors` for
 * `--registry-mirror`), or one of the keys it never checks (`features`, `builder`,
 * `deprecated-key-path`). Anything else stops dockerd with "the following directives don't
 * match any configuration option: <key>". The table is the union over Engine 20.10
 * (`dockerd --help` of 20.10.24, checked here) through 29 (docs.docker.com "dockerd" reference,
 * "Daemon configuration file"): a key only a newer engine knows is left to that engine's own
 * `--validate`.
 */

/** dockerd's words for a key it does not know, quoted so users can search for them. */
export const UNKNOWN_KEY_ERROR = "the following directives don't match any configuration option"; // verbatim: dockerd's error text

/** Flags of dockerd (long names), which double as daemon.json keys. */
const FLAG_KEYS = [
  'add-runtime', 'allow-direct-routing', 'allow-nondistributable-artifacts', 'api-cors-header', 'authorization-plugin', 'bip', 'bip6',
  'bridge', 'bridge-accept-fwmark', 'cdi-spec-dir', 'cgroup-parent', 'cluster-advertise', 'cluster-store', 'cluster-store-opt',
  'config-file', 'containerd', 'containerd-namespace', 'containerd-plugins-namespace', 'cpu-rt-period', 'cpu-rt-runtime',
  'cri-containerd', 'data-root', 'debug', 'default-address-pool', 'default-cgroupns-mode', 'default-gateway', 'default-gateway-v6',
  'default-ipc-mode', 'default-network-opt', 'default-runtime', 'default-shm-size', 'default-ulimit', 'dns', 'dns-opt', 'dns-search',
  'exec-opt', 'exec-root', 'experimental', 'feature', 'firewall-backend', 'fixed-cidr', 'fixed-cidr-v6', 'graph', 'group', 'help',
  'host', 'host-gateway-ip', 'http-proxy', 'https-proxy', 'icc', 'init', 'init-path', 'insecure-registry', 'ip', 'ip-forward',
  'ip-forward-no-drop', 'ip-masq', 'ip6tables', 'iptables', 'ipv6', 'label', 'live-restore', 'log-driver', 'log-format', 'log-level',
  'log-opt', 'max-concurrent-downloads', 'max-concurrent-uploads', 'max-download-attempts', 'metrics-addr', 'min-api-version', 'mtu',
  'network-control-plane-mtu', 'network-diagnostic-port', 'no-new-privileges', 'no-proxy', 'node-generic-resource', 'oom-score-adjust',
  'pidfile', 'raw-logs', 'registry-mirror', 'rootless', 'seccomp-profile', 'selinux-enabled', 'shutdown-timeout', 'storage-driver',
  'storage-opt', 'swarm-default-advertise-addr', 'tls', 'tlscacert', 'tlscert', 'tlskey', 'tlsverify', 'userland-proxy',
  'userland-proxy-path', 'userns-remap', 'validate', 'version',
] as const;

/** Shorthand flags (`-D`, `-H`, ...): dockerd also looks a key up by a flag's shorthand. */
const SHORTHAND_KEYS = ['b', 'D', 'g', 'G', 'H', 'l', 'p', 's', 'v'] as const;

/** The JSON names of list and map options, which differ from their flags (moby opts.NamedOption). */
const NAMED_OPTION_KEYS = [
  'authorization-plugins', 'cdi-spec-dirs', 'cluster-store-opts', 'default-address-pools', 'default-network-opts', 'default-ulimits',
  'dns-opts', 'exec-opts', 'host-gateway-ips', 'hosts', 'insecure-registries', 'labels', 'log-opts', 'node-generic-resources',
  'proxies', 'registry-mirrors', 'runtimes', 'storage-opts',
] as const;

/** Keys dockerd reads without checking them against its flags (moby skipValidateOptions). */
const UNCHECKED_KEYS = ['features', 'builder', 'deprecated-key-path'] as const;

/**
 * Map-valued keys dockerd reads as one value (moby flatOptions). Any other object's members are
 * checked as keys of their own: `"registry-auth": {"username": ...}` is refused for "username".
 */
const FLAT_KEYS = new Set<string>(['cluster-store-opts', 'log-opts', 'runtimes', 'default-ulimits', 'features', 'builder']);

const KNOWN = new Set<string>([...FLAG_KEYS, ...SHORTHAND_KEYS, ...NAMED_OPTION_KEYS, ...UNCHECKED_KEYS]);

export function isKnownDaemonKey(key: string): boolean {
  return KNOWN.has(key);
}

/** A key of the file as dockerd checks it: a top-level key, or a member of an object dockerd flattens (with its parent). */
export interface CheckedKey {
  key: string;
  /** The top-level key whose object held this key; absent for a top-level key. */
  parent?: string;
}

/** The keys dockerd checks, in file order (moby configValuesSet): a non-flat object's members replace its own key. */
export function checkedKeys(value: Readonly<Record<string, unknown>>): CheckedKey[] {
  return Object.entries(value).flatMap(([key, member]): CheckedKey[] =>
    member !== null && typeof member === 'object' && !Array.isArray(member) && !FLAT_KEYS.has(key)
      ? Object.keys(member).map((inner) => ({ key: inner, parent: key }))
      : [{ key }],
  );
}

/** The keys of a daemon.json value that dockerd does not know and would refuse, in file order. */
export function unknownDaemonKeys(value: Readonly<Record<string, unknown>>): CheckedKey[] {
  return checkedKeys(value).filter(({ key }) => !KNOWN.has(key));
}
