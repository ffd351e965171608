import { dashboardEn } from './dashboard-en';

export const en = {
  app: {
    title: 'Dockside',
    tagline: 'Your workstation, set up for your company’s Docker registry.',
  },
  language: {
    label: 'Language',
  },
  nav: {
    label: 'Sections',
    setup: 'Setup',
    dashboard: 'Dashboard',
  },
  dashboard: dashboardEn,
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
  connect: {
    heading: 'Connect',
    intro: 'Type the address of your registry as Docker uses it: the host name and, when it is not 443, the port.',
    registryLabel: 'Registry (host:port)',
    continue: 'Continue',
    checking: 'Checking the certificate…',
  },
  trust: {
    heading: 'Trust {{registry}}',
    address: 'Connected to',
    dockerTrusts: 'Does Docker trust it?',
    trustedBy: {
      certsD: 'Yes, through certs.d',
      system: 'Yes, through the system’s CA store',
      no: 'No',
    },
    caPath: 'CA file for Docker',
    back: 'Change registry',
    caFromServer: 'Certificate authority (sent by the server)',
    caFromFile: 'Certificate authority (from a file)',
    noCa: 'The server does not send its certificate authority, so it cannot be installed from here. Ask your registry administrator for the CA file.',
    serverCertificate: 'Server certificate',
    problemsHeading: 'What Docker would object to',
    noProblems: 'Nothing: Docker accepts this certificate.',
    dockerSays: 'Docker says: ',
    fix: 'Fix: ',
  },
  cert: {
    subject: 'Subject',
    issuer: 'Issuer',
    selfSigned: 'self-signed',
    names: 'Names (SANs)',
    noNames: 'None',
    validity: 'Valid',
    validRange: 'from {{from}} to {{to}}',
    fingerprint: 'SHA-256 fingerprint',
  },
  install: {
    heading: 'Install this CA',
    intro: 'Compare the fingerprint above with the one your registry administrator gives you, then install the CA so Docker trusts this registry.',
    button: 'Install this CA',
    apply: 'Apply',
    applying: 'Applying…',
    nothingToDo: 'Nothing to do: Docker already has this CA.',
  },
  plan: {
    reason: 'Why',
    steps: 'Steps',
    diff: 'Changes to files',
    warnings: 'Warnings',
  },
  apply: {
    progress: 'Progress',
    outcome: {
      applied: 'Applied.',
      'rolled-back': 'Failed and rolled back.',
      failed: 'Failed.',
      unchanged: 'Nothing changed.',
      planned: 'Planned, not applied.',
    },
  },
  errors: {
    heading: 'Something went wrong',
    code: 'Error code',
    retry: 'Try again',
    'invalid-request': 'The app sent a request the engine does not accept. Please report this error with its code.',
    'untrusted-sender': 'The request did not come from the Dockside window and was refused.',
    'unknown-channel': 'The app asked for a function this version does not have. Please update Dockside.',
    internal: 'The engine failed unexpectedly. The details below help when you report it.',
    other: 'This did not work. The details below say why.',
  },
} as const;

/** The shape every language must fill in completely (checked at compile time in zh-CN.ts). */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
