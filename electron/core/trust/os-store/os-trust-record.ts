import { join } from 'node:path';
import * as z from 'zod';
import { DocksideError } from '../../errors';
import type { FileState } from '../../platform/file-state';
import { ANCHOR_FILE_NAME } from './anchor-name';

/**
 * Root's record of the OS store anchors Dockside wrote (in the elevated state dir, written only
 * by the elevated process, so a caller cannot forge it): for each file, whether Dockside created
 * it and which registries asked for its CA. A file goes only when Dockside created it and no
 * registry needs it any more.
 */
export const OsTrustRecordSchema = z
  .object({
    version: z.literal(1),
    anchors: z.record(
      z.string().regex(ANCHOR_FILE_NAME),
      z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), created: z.boolean(), registries: z.array(z.string().min(1).max(300)).max(256) }).strict(),
    ),
  })
  .strict();
export type OsTrustRecord = z.infer<typeof OsTrustRecordSchema>;

export const OS_TRUST_RECORD_FILE = 'os-trust.json';

export function osTrustRecordPath(stateDir: string): string {
  return join(stateDir, OS_TRUST_RECORD_FILE);
}

export function parseOsTrustRecord(state: FileState | null, path: string): OsTrustRecord {
  if (state === null) return { version: 1, anchors: {} };
  let json: unknown;
  try {
    json = JSON.parse(state.bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = OsTrustRecordSchema.safeParse(json);
  if (!parsed.success) throw new DocksideError('os-trust-record-invalid', 'tls.error.os-store.record-invalid', { path });
  return parsed.data;
}

export function serializeOsTrustRecord(record: OsTrustRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
