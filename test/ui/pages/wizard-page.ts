import type { Locator, Page } from 'playwright-core';

/** The Connect and Trust screens of the wizard, as a person sees them: by roles and labels. */
export class WizardPage {
  readonly registry: Locator;
  readonly continueButton: Locator;
  readonly alert: Locator;
  readonly caFingerprint: Locator;
  readonly trustedBy: Locator;
  readonly progress: Locator;
  readonly outcome: Locator;

  constructor(
    readonly page: Page,
    readonly words: { registry: string; continue: string; another: string },
  ) {
    this.registry = page.getByLabel(words.registry);
    this.continueButton = page.getByRole('button', { name: words.continue });
    this.alert = page.getByRole('alert');
    this.caFingerprint = page.getByTestId('ca-fingerprint');
    this.trustedBy = page.getByTestId('trusted-by');
    this.progress = page.getByTestId('apply-progress');
    this.outcome = page.getByTestId('apply-outcome');
  }

  /** Types the registry and continues with the keyboard (Enter submits the form). */
  async connect(hostPort: string): Promise<void> {
    await this.registry.fill(hostPort);
    await this.registry.press('Enter');
  }

  heading(name: string | RegExp): Locator {
    return this.page.getByRole('heading', { name });
  }
}

export const EN_WORDS = { registry: 'Registry (host:port)', continue: 'Continue', another: 'Set up another registry' };
export const ZH_WORDS = { registry: '镜像仓库（主机:端口）', continue: '继续', another: '配置另一个镜像仓库' };
