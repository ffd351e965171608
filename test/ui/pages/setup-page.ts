import type { Locator, Page } from 'playwright-core';

/**
 * Every hook the setup wizard's screens offer the tests, in one place: a renamed data-testid is a
 * one-line edit here. The steps: Connect → Trust → Sign in → Mirrors → Review → Apply → Done.
 */
export const SETUP_IDS = {
  // Connect
  connectRegistry: 'connect-registry',
  connectSubmit: 'connect-submit',
  // Connect from a profile: loaded (its name, registries), the URL field, where a link brought it from.
  connectProfile: 'connect-profile',
  connectProfileUrl: 'connect-profile-url',
  connectProfileLink: 'connect-profile-link',
  connectProfileRegistries: 'connect-profile-registries',
  connectProfileContinue: 'connect-profile-continue',
  // Trust: the CA's card (CertificateCard testId="ca") and its fingerprint (`${testId}-fingerprint`).
  caCard: 'ca',
  caFingerprint: 'ca-fingerprint',
  trustAccept: 'trust-accept',
  pinCheck: 'pin-check',
  trustOtherRegistries: 'trust-other-registries',
  // Sign in
  signInUsername: 'signin-username',
  signInPassword: 'signin-password',
  signInSubmit: 'signin-submit',
  signInStore: 'signin-store',
  signInContinue: 'signin-continue',
  // Mirrors
  mirrorAddUrl: 'mirror-add-url',
  mirrorAdd: 'mirror-add',
  mirrorsTable: 'mirrors-table',
  mirrorRow: 'mirror-row',
  mirrorStatus: 'mirror-status',
  mirrorOrder: 'mirror-order',
  mirrorsContinue: 'mirrors-continue',
  // Review
  reviewChanges: 'review-changes',
  reviewDiff: 'review-diff',
  reviewApply: 'review-apply',
  // Apply
  applyProgress: 'apply-progress',
  applyOutcome: 'apply-outcome',
  applyDone: 'apply-done',
  // Done
  donePull: 'done-pull',
  doneTag: 'done-tag',
  donePush: 'done-push',
  doneCopyPull: 'done-copy-pull',
} as const;

/** Attributes the screens carry state in. */
export const SETUP_ATTRS = {
  /** On a mirror row: the mirror's URL (as typed, or normalised with a trailing slash). */
  mirrorUrl: 'data-url',
  /** On a row's status cell: 'probing' until the result arrives, then a ProbeStatus of shared/mirrors.ts. */
  mirrorStatus: 'data-status',
  /** On the apply outcome: 'applied' | 'rolled-back' | 'failed'. */
  outcome: 'data-outcome',
} as const;

/** The mirror status cell's value while the probe of its row runs. */
export const MIRROR_PROBING = 'probing';
/** The ProbeStatus (shared/mirrors.ts) of a mirror that served the test image: choosable. */
export const MIRROR_USABLE = 'usable';

export type ApplyOutcome = 'applied' | 'rolled-back' | 'failed';

/** The setup wizard as the UI test walks it. */
export class SetupPage {
  constructor(readonly page: Page) {}

  private id(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  // Connect

  get registryInput(): Locator {
    return this.id(SETUP_IDS.connectRegistry);
  }

  get connectSubmit(): Locator {
    return this.id(SETUP_IDS.connectSubmit);
  }

  /** Types host:port and continues: the wizard inspects the registry's certificate. */
  async connect(registry: string): Promise<void> {
    await this.registryInput.fill(registry);
    await this.connectSubmit.click();
  }

  // Connect from a profile

  get profile(): Locator {
    return this.id(SETUP_IDS.connectProfile);
  }

  get profileUrl(): Locator {
    return this.id(SETUP_IDS.connectProfileUrl);
  }

  /** "Opened from a link: <url>", shown when a dockside:// link brought the profile. */
  get profileLink(): Locator {
    return this.id(SETUP_IDS.connectProfileLink);
  }

  get profileRegistries(): Locator {
    return this.id(SETUP_IDS.connectProfileRegistries);
  }

  get profileContinue(): Locator {
    return this.id(SETUP_IDS.connectProfileContinue);
  }

  // Trust

  /** The profile's pin compared with the CA: class `badge ok` when it matches. */
  get pinCheck(): Locator {
    return this.id(SETUP_IDS.pinCheck);
  }

  /** The profile's other registries, listed under the main one with their pins. */
  get trustOtherRegistries(): Locator {
    return this.id(SETUP_IDS.trustOtherRegistries);
  }

  get caFingerprint(): Locator {
    return this.id(SETUP_IDS.caCard).getByTestId(SETUP_IDS.caFingerprint);
  }

  get trustAccept(): Locator {
    return this.id(SETUP_IDS.trustAccept);
  }

  async fingerprint(): Promise<string> {
    return ((await this.caFingerprint.textContent()) ?? '').trim();
  }

  // Sign in

  get username(): Locator {
    return this.id(SETUP_IDS.signInUsername);
  }

  get password(): Locator {
    return this.id(SETUP_IDS.signInPassword);
  }

  get signInSubmit(): Locator {
    return this.id(SETUP_IDS.signInSubmit);
  }

  /** Where the secret will live (shown once the check with the registry passed). */
  get signInStore(): Locator {
    return this.id(SETUP_IDS.signInStore);
  }

  get signInContinue(): Locator {
    return this.id(SETUP_IDS.signInContinue);
  }

  /** Fills the credentials and has the wizard check them with the registry. */
  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.signInSubmit.click();
  }

  // Mirrors

  get mirrorAddUrl(): Locator {
    return this.id(SETUP_IDS.mirrorAddUrl);
  }

  get mirrorAdd(): Locator {
    return this.id(SETUP_IDS.mirrorAdd);
  }

  get mirrorsTable(): Locator {
    return this.id(SETUP_IDS.mirrorsTable);
  }

  get mirrorRows(): Locator {
    return this.mirrorsTable.getByTestId(SETUP_IDS.mirrorRow);
  }

  /** The row of `url`, typed without or reported with the trailing slash. */
  mirrorRow(url: string): Locator {
    const bare = url.replace(/\/+$/, '');
    const attr = SETUP_ATTRS.mirrorUrl;
    return this.mirrorRows.and(this.page.locator(`[${attr}="${bare}"], [${attr}="${bare}/"]`));
  }

  mirrorStatusCell(url: string): Locator {
    return this.mirrorRow(url).getByTestId(SETUP_IDS.mirrorStatus);
  }

  /** The probe's verdict for `url` (MIRROR_PROBING, then a ProbeStatus); null while the row or the status is not there. */
  async mirrorStatus(url: string): Promise<string | null> {
    const cell = this.mirrorStatusCell(url);
    return (await cell.count()) === 1 ? cell.getAttribute(SETUP_ATTRS.mirrorStatus) : null;
  }

  mirrorChoice(url: string): Locator {
    return this.mirrorRow(url).getByRole('radio');
  }

  /** A profile's mirrors are several choices: a checkbox per row, and its place in Docker's order once checked. */
  mirrorCheckbox(url: string): Locator {
    return this.mirrorRow(url).getByRole('checkbox');
  }

  mirrorOrder(url: string): Locator {
    return this.mirrorRow(url).getByTestId(SETUP_IDS.mirrorOrder);
  }

  get mirrorsContinue(): Locator {
    return this.id(SETUP_IDS.mirrorsContinue);
  }

  /** Adds a mirror URL: the wizard adds a row and probes it. */
  async addMirror(url: string): Promise<void> {
    await this.mirrorAddUrl.fill(url);
    await this.mirrorAdd.click();
  }

  async chooseMirror(url: string): Promise<void> {
    await this.mirrorChoice(url).check();
  }

  // Review

  get reviewChanges(): Locator {
    return this.id(SETUP_IDS.reviewChanges);
  }

  get reviewDiff(): Locator {
    return this.id(SETUP_IDS.reviewDiff);
  }

  get reviewApply(): Locator {
    return this.id(SETUP_IDS.reviewApply);
  }

  // Apply

  get applyProgress(): Locator {
    return this.id(SETUP_IDS.applyProgress);
  }

  get applyOutcome(): Locator {
    return this.id(SETUP_IDS.applyOutcome);
  }

  /** The apply's outcome once there is one, else null. */
  async outcome(): Promise<string | null> {
    return (await this.applyOutcome.count()) === 1 ? this.applyOutcome.getAttribute(SETUP_ATTRS.outcome) : null;
  }

  /** Shown once the change is applied: on to Done. */
  get applyDone(): Locator {
    return this.id(SETUP_IDS.applyDone);
  }

  // Done

  get donePull(): Locator {
    return this.id(SETUP_IDS.donePull);
  }

  get doneTag(): Locator {
    return this.id(SETUP_IDS.doneTag);
  }

  get donePush(): Locator {
    return this.id(SETUP_IDS.donePush);
  }

  get doneCopyPull(): Locator {
    return this.id(SETUP_IDS.doneCopyPull);
  }
}
