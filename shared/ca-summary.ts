import * as z from 'zod';

/**
 * A CA as a person checks it before it is installed or removed (issue 19 item 5): who it is, who
 * issued it, its SHA-256 fingerprint and its validity, never its PEM text. A plan's ca.crt step
 * carries one for each certificate of the file.
 */
export const CaSummarySchema = z
  .object({
    /** One `KEY=value` attribute a line, as Node writes a distinguished name. */
    subject: z.string(),
    issuer: z.string(),
    /** `AB:CD:...`, as `openssl x509 -noout -fingerprint -sha256` prints it. */
    fingerprintSha256: z.string(),
    /** ISO 8601, UTC. */
    notBefore: z.string(),
    notAfter: z.string(),
  })
  .strict();
export type CaSummary = z.infer<typeof CaSummarySchema>;
