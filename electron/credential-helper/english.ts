import { KEYCHAIN_SERVICE } from '../core/credentials/keychain';
import type { DocksideError } from '../core/errors';

/**
 * The line docker-credential-dockside prints for a keychain error: Docker shows the helper's
 * stdout as it is (`error getting credentials - err: exit status 1, out: ...`), and the helper
 * never loads the catalog (Docker starts it for every pull, and its start-up time is budgeted).
 * So these are fixed English lines, the same words as the catalog's English sentences (a unit
 * test compares them), built from the error's params.
 */
export function helperLine(error: DocksideError): string {
  const p = (name: string): string => String(error.params[name] ?? '');
  // verbatim: the helper's protocol output, which Docker prints as is
  const cannot = `Cannot ${actionText(p('action'), p('serverUrl'))}`;
  switch (error.code) {
    case 'keychain-item-invalid':
      // verbatim: the helper's protocol output, which Docker prints as is
      return `The keychain item for ${p('serverUrl')} (service ${KEYCHAIN_SERVICE}) does not hold Dockside's {"Username","Secret"} data, so Docker cannot use it. Remove it (\`echo ${p('serverUrl')} | docker-credential-dockside erase\`) and log in again.`;
    case 'secret-too-long':
      // verbatim: the helper's protocol output, which Docker prints as is
      return `The credential for ${p('serverUrl')} is too long for Windows Credential Manager: it takes ${p('bytes')} bytes, over its limit of ${p('limit')}. Nothing was stored. Use a shorter secret (a password or a Nexus user token instead of a long access token).`;
    case 'no-secret-service':
      return (
        // verbatim: the helper's protocol output, which Docker prints as is
        `${cannot}: no Secret Service (gnome-keyring or KWallet) answers on the session D-Bus (${p('detail')}). ` +
        // verbatim: the helper's protocol output, which Docker prints as is
        'The kernel keyring would lose the password at reboot, so Dockside refuses to use it. ' +
        // verbatim: the helper's protocol output, which Docker prints as is
        "Fix: log in to a desktop session; or, over SSH, start one: `dbus-run-session -- sh -c 'echo -n <login password> | gnome-keyring-daemon --unlock --components=secrets; <command>'`; " +
        // verbatim: the helper's protocol output, which Docker prints as is
        'or set another credsStore in ~/.docker/config.json (for example "pass").'
      );
    case 'keychain-locked':
      // verbatim: the helper's protocol output, which Docker prints as is
      return `${cannot}: the keychain is locked and was not unlocked (${p('detail')}). Unlock it (log in to the desktop session, or unlock the "login" keyring in your keychain app), then try again.`;
    case 'keychain-failed':
      // verbatim: the helper's protocol output, which Docker prints as is
      return `${cannot}: the OS keychain reported: ${p('detail')}. Check that the keychain works, then try again.`;
    default:
      // Nothing the helper runs throws another one; its code still says what happened.
      return error.code;
  }
}

function actionText(action: string, serverUrl: string): string {
  switch (action) {
    case 'read':
      return `read the credential for ${serverUrl}`; // verbatim: the helper's protocol output
    case 'store':
      return `store the credential for ${serverUrl}`; // verbatim: the helper's protocol output
    case 'erase':
      return `remove the credential for ${serverUrl}`; // verbatim: the helper's protocol output
    default:
      return 'list the stored credentials'; // verbatim: the helper's protocol output
  }
}
