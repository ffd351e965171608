import type { Locator, Page } from 'playwright-core';

/** The first screen, as a person sees it: by roles and labels, not by CSS. */
export class WelcomePage {
  readonly title: Locator;
  readonly language: Locator;
  readonly version: Locator;
  readonly platform: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByRole('heading', { level: 1 });
    this.language = page.getByRole('combobox');
    this.version = page.getByTestId('app-version');
    this.platform = page.getByTestId('app-platform');
    this.alert = page.getByRole('alert');
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { name });
  }
}
