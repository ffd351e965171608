import type { BaseWindow, MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { ChangeConfirmation } from './handlers/confirm-change';

/** The part of Electron's `dialog` used here (a fake in unit tests). */
export interface MessageBox {
  showMessageBox(window: BaseWindow, options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
}

const APPLY = 0;
const CANCEL = 1;

/** The native message box of a confirmation: Cancel is the default button and what Escape or closing it answers. */
export function confirmationBox(confirmation: ChangeConfirmation): MessageBoxOptions {
  return {
    type: 'warning',
    buttons: [confirmation.apply, confirmation.cancel],
    defaultId: CANCEL,
    cancelId: CANCEL,
    noLink: true,
    title: confirmation.title,
    message: confirmation.message,
    detail: confirmation.detail,
  };
}

/**
 * The desktop app's `confirm` port: main's own question in a native dialog, modal to the window
 * of ours in front when there is one. Only the Apply button says yes.
 */
export function createConfirmDialog(box: MessageBox, parent: () => BaseWindow | null): (confirmation: ChangeConfirmation) => Promise<boolean> {
  return async (confirmation) => {
    const options = confirmationBox(confirmation);
    const window = parent();
    const { response } = window === null ? await box.showMessageBox(options) : await box.showMessageBox(window, options);
    return response === APPLY;
  };
}
