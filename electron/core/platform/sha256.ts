import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256 of raw bytes, or of a string's UTF-8 bytes: how file contents are compared and recorded. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
