import type { DocksideApi } from '../../shared/ipc';

declare global {
  interface Window {
    readonly dockside: DocksideApi;
  }
}
