import { readFileSync } from 'node:fs';

/** A file recorded from Podman 4.3.1 or Debian's containers packages (test/fixtures/podman/README.md). */
export function podmanFixture(name: string): string {
  return readFileSync(new URL(`../../../../../fixtures/podman/${name}`, import.meta.url), 'utf8');
}
