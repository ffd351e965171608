/** mulberry32: a tiny seeded PRNG. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


/**
 * Registry names as a user, a profile or an attacker might type them: valid ones (DNS, IDN,
 * IPv4, bracketed IPv6, ports, pasted URLs) and valid ones with path separators, dot segments,
 * control and look-alike characters, bad ports and percent-encoding spliced in. Seeded, so every
 * run generates the same names.
 */
export function generateRegistryNames(count: number, seed = 0x5eed_d0c5): Set<string> {
  const random = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;

  const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const validLabel = (): string => {
    const length = int(1, 12);
    let label = '';
    for (let i = 0; i < length; i++) {
      const edge = i === 0 || i === length - 1;
      label += !edge && random() < 0.15 ? '-' : pick([...LETTERS]);
    }
    return label;
  };
  const validPort = (): string => String(int(1, 65535));
  const validHost = (): string => {
    const roll = random();
    if (roll < 0.15) return [int(0, 255), int(0, 255), int(0, 255), int(0, 255)].join('.');
    if (roll < 0.25) return pick(['[::1]', '[fd00::5]', '[FD00:0:0::AB]', '[2001:db8::1]', '[::ffff:10.0.0.1]']);
    if (roll < 0.3) return pick(['bücher', 'münchen', 'straße', 'ñandú']) + '.example';
    const labels = Array.from({ length: int(1, 4) }, validLabel);
    labels.push(`x${validLabel()}`); // never ends in a number
    return labels.join('.');
  };
  const validName = (): string => {
    let name = validHost();
    if (random() < 0.5) name += `:${validPort()}`;
    if (random() < 0.2) name = `${pick(['https://', 'http://', 'HTTPS://'])}${name}`;
    if (random() < 0.2) name += '/';
    return name;
  };

  const FRAGMENTS = [
    '..', '.', '/', '//', '\\', '\0', ' ', '\t', '\n', '\r', '\u007f', '\u0085', '\u00a0', '\u200b', '\u200d', '\ufeff',
    '%2e', '%2E', '%2f', '%5c', '%00', ':', ':0', ':65536', ':99999', ':08080', ':-1', '[', ']', '[]', '@', '?', '#',
    'https://', 'http://', 'file://', '~', '*', '$HOME', '_', '-', '--',
    'ü', 'ß', '😀', '．', '。', '／', '＼', '∕', '１', '\u202e', 'İ', 'K',
    'xn--', 'xn--zz', '0x7f', '256', '01', 'etc', 'passwd', 'CON', 'nul',
  ];
  const hostileFragment = (): string => {
    const roll = random();
    if (roll < 0.55) return pick(FRAGMENTS);
    if (roll < 0.75) return validLabel();
    if (roll < 0.85) return `:${validPort()}`;
    if (roll < 0.92) return 'a'.repeat(int(60, 70));
    return `.${validLabel()}`;
  };
  const hostileName = (): string => {
    if (random() < 0.4) {
      // A valid name with hostile fragments spliced in.
      let name = validName();
      for (let n = int(1, 3); n > 0; n--) {
        const at = int(0, name.length);
        name = name.slice(0, at) + hostileFragment() + name.slice(at);
      }
      return name;
    }
    return Array.from({ length: int(1, 7) }, hostileFragment).join('');
  };

  const names = new Set<string>();
  for (let attempt = 0; names.size < count && attempt < 100_000; attempt++) {
    names.add(random() < 0.3 ? validName() : hostileName());
  }
  return names;
}
