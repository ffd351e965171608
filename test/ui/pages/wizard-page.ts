import type { Locator, Page } from 'playwright-core';

/** The Connect and Trust screens of the wizard, as a person sees them: by roles and labels. */
export class WizardPage {
  readonly registry: Locator;
  readonly continueButton: Locator;
  readonly alert: Locator;
  readonly caFingerprint: Locator;
  readonly trustedBy: Locator;
  readonly plan: Locator;
  readonly progress: Locator;
  readonly outcome: Locator;

  constructor(
    readonly page: Page,
    readonly words: { registry: string; continue: string; install: string; apply: string },
  ) {
    this.registry = page.getByLabel(words.registry);
    this.continueButton = page.getByRole('button', { name: words.continue });
    this.alert = page.getByRole('alert');
    this.caFingerprint = page.getByTestId('ca-fingerprint');
    this.trustedBy = page.getByTestId('trusted-by');
    this.plan = page.getByTestId('change-plan');
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

  get installButton(): Locator {
    return this.page.getByRole('button', { name: this.words.install, exact: true });
  }

  get applyButton(): Locator {
    return this.page.getByRole('button', { name: this.words.apply, exact: true });
  }
}

export const EN_WORDS = { registry: 'Registry (host:port)', continue: 'Continue', install: 'Install this CA', apply: 'Apply' };
export const ZH_WORDS = { registry: '镜像仓库（主机:端口）', continue: '继续', install: '安装此 CA', apply: '应用' };
