import type { TrustWords } from '../../core/change/trust';

/** The warnings' words in the app (the renderer shows them as they come; the CLI has its own, localized). */
export const APP_TRUST_WORDS: TrustWords = {
  unreachable: 'The registry cannot be reached, so the CA file is installed without checking it against the server',
  noPin: 'No fingerprint was given: compare this fingerprint with the one your registry administrator gives you',
  keptFiles: 'The directory keeps these other files, so it stays',
  desktopRestart: 'Docker Desktop copies certs.d into its VM when it starts: restart Docker Desktop to use this change.',
  httpMirror: 'The profile names a mirror over plain HTTP: what is pulled through it is not protected in transit, so anyone on the network path could alter images',
};
