export const en = {
  app: {
    title: 'Dockside',
    tagline: 'Your workstation, set up for your company’s Docker registry.',
  },
  language: {
    label: 'Language',
  },
  welcome: {
    heading: 'Welcome',
    intro:
      'Dockside trusts your registry’s certificate, signs you in with the password kept in your system keychain, and picks fast registry mirrors — then applies it all to Docker with one administrator prompt, verified and reversible.',
    stepsHeading: 'What setup will do',
    steps: {
      connect: 'Connect to your Nexus or registry',
      trust: 'Trust the registry’s certificate',
      signIn: 'Sign in, keeping the password in the keychain',
      mirrors: 'Choose registry mirrors',
      apply: 'Review the changes and apply them once',
    },
    notYet: 'Not available in this build yet',
  },
  about: {
    heading: 'About this app',
    version: 'Version',
    platform: 'Platform',
    loading: 'Reading app information…',
  },
  errors: {
    heading: 'Something went wrong',
    code: 'Error code',
    retry: 'Try again',
    'invalid-request': 'The app sent a request the engine does not accept. Please report this error with its code.',
    'untrusted-sender': 'The request did not come from the Dockside window and was refused.',
    'unknown-channel': 'The app asked for a function this version does not have. Please update Dockside.',
    internal: 'The engine failed unexpectedly. The details below help when you report it.',
  },
} as const;

/** The shape every language must fill in completely (checked at compile time in zh-CN.ts). */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
