import { useNavigation } from '../store/navigation';
import { useWizard } from '../store/wizard';

/** A `dockside://profile?url=` link main received: the wizard, on Connect, with that profile loading. */
function open(url: string): void {
  if (useWizard.getState().apply.status === 'loading') {
    // Restarting the wizard now would drop the running apply's outcome: the link waits for it.
    const stop = useWizard.subscribe((state) => {
      if (state.apply.status === 'loading') return;
      stop();
      open(url);
    });
    return;
  }
  useNavigation.getState().show('setup');
  void useWizard.getState().openProfileLink(url);
}

/**
 * Opens the link the app was started with (asked once: main keeps it until taken), and every link
 * that arrives while the app runs. main keeps those too, for a window that was not listening
 * yet: taking it here means a reload does not open it again. Returns the function that stops listening.
 */
export function followProfileLinks(): () => void {
  const stop = window.dockside.onEvent('profile:open', ({ url }) => {
    open(url);
    void window.dockside.invoke('profile:pending', {});
  });
  void window.dockside.invoke('profile:pending', {}).then((pending) => {
    if (pending.ok && pending.value.url !== null) open(pending.value.url);
  });
  return stop;
}
