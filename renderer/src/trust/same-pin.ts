/** Whether a profile's pinned fingerprint (any of the forms `--fingerprint` takes) names this certificate's. */
export function samePin(pinned: string, fingerprint: string): boolean {
  const bare = (value: string): string => value.replace(/^sha256:/i, '').replace(/:/g, '').toUpperCase();
  return bare(pinned) === bare(fingerprint);
}
