import type { GivenCaSource } from '../../core/trust/given-ca';

/** A CA source as the renderer sends it (shared/ipc.ts `caSource`). */
export interface CaSourceRequest {
  caUrl?: string;
  caPem?: string;
  caPemName?: string;
}

/** The same source as the core takes it: the file's text labelled by its name, or by the registry when the renderer gave none. */
export function caSourceOf(request: CaSourceRequest, registry: string): GivenCaSource {
  return {
    ...(request.caUrl === undefined ? {} : { caUrl: request.caUrl }),
    ...(request.caPem === undefined ? {} : { caPem: { text: request.caPem, label: request.caPemName ?? registry } }),
  };
}
