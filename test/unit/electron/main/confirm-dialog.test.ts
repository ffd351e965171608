import type { BaseWindow, MessageBoxOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createConfirmDialog, type MessageBox } from '../../../../electron/main/confirm-dialog';
import type { ChangeConfirmation } from '../../../../electron/main/handlers/confirm-change';

const CONFIRMATION: ChangeConfirmation = {
  language: 'en',
  title: 'Apply the change',
  message: 'Apply this change to Docker on this computer?',
  detail: '• Change Docker’s daemon.json: /etc/docker/daemon.json (as administrator)',
  apply: 'Apply',
  cancel: 'Cancel',
};

/** Electron's dialog as the test plays it: records each box and answers with the button index given. */
function fakeBox(response: number): MessageBox & { shown: { window: BaseWindow | null; options: MessageBoxOptions }[] } {
  const shown: { window: BaseWindow | null; options: MessageBoxOptions }[] = [];
  const box = {
    shown,
    showMessageBox: (first: BaseWindow | MessageBoxOptions, second?: MessageBoxOptions) => {
      shown.push(second === undefined ? { window: null, options: first as MessageBoxOptions } : { window: first as BaseWindow, options: second });
      return Promise.resolve({ response, checkboxChecked: false });
    },
  };
  return box as MessageBox & typeof box;
}

describe('the native confirmation of change:apply', () => {
  it('shows main’s words with Apply first and Cancel as the default and the escape answer', async () => {
    const box = fakeBox(0);
    const window = {} as BaseWindow;
    expect(await createConfirmDialog(box, () => window)(CONFIRMATION)).toBe(true);
    expect(box.shown).toEqual([
      {
        window,
        options: {
          type: 'warning',
          buttons: ['Apply', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          noLink: true,
          title: 'Apply the change',
          message: 'Apply this change to Docker on this computer?',
          detail: CONFIRMATION.detail,
        },
      },
    ]);
  });

  it('says no for Cancel, Escape or a closed box (all answer the cancel button)', async () => {
    expect(await createConfirmDialog(fakeBox(1), () => null)(CONFIRMATION)).toBe(false);
  });

  it('asks without a parent when no window of ours is open', async () => {
    const box = fakeBox(0);
    await createConfirmDialog(box, () => null)(CONFIRMATION);
    expect(box.shown[0]?.window).toBeNull();
  });
});
