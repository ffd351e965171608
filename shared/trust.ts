import * as z from 'zod';
import { ChangeJsonSchema } from './cli';
import { MessageSchema } from './message';
import { ErrorValueSchema } from './result';

/**
 * Certificate trust (`dockside trust inspect|add|remove|list`, DESIGN §4): what a registry's TLS
 * chain holds and how Docker (Go's crypto/x509) would judge it. Part of the CLI's --json contract.
 */

/** `AB:CD:...`: upper-case hex pairs joined by ':', as `openssl x509 -noout -fingerprint -sha256` prints it. */
export const FingerprintSha256Schema = z.string().regex(/^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/);

export const CertificateInfoSchema = z
  .object({
    /** One `KEY=value` attribute a line, as Node (and `openssl -nameopt multiline`) write it. */
    subject: z.string(),
    issuer: z.string(),
    /** The last CN of the subject, as Go reads it; null when there is none. */
    commonName: z.string().nullable(),
    /** subjectAltName DNS entries (Go matches only these, never the CN). */
    dnsNames: z.array(z.string()),
    /** subjectAltName IP entries, written as Go writes them (IPv6 compressed, lower case). */
    ipAddresses: z.array(z.string()),
    /** Whether the certificate has a subjectAltName extension at all. */
    hasSubjectAltName: z.boolean(),
    /** ISO 8601, UTC. */
    notBefore: z.string(),
    notAfter: z.string(),
    fingerprintSha256: FingerprintSha256Schema,
    serialNumber: z.string(),
    publicKey: z
      .object({
        /** rsa, rsa-pss, ec, ed25519, ed448, dsa */
        type: z.string(),
        /** Modulus length for RSA and DSA; the curve's size for EC; null when unknown. */
        bits: z.number().int().nullable(),
        /** EC only: the named curve, e.g. prime256v1. */
        curve: z.string().nullable(),
      })
      .strict(),
    /** OpenSSL's name, e.g. sha256WithRSAEncryption, ecdsa-with-SHA256; the dotted OID when unknown. */
    signatureAlgorithm: z.string(),
    /** basicConstraints CA:TRUE. */
    isCa: z.boolean(),
    /** Issued by itself: its issuer is its subject and its own key verifies its signature. */
    selfSigned: z.boolean(),
  })
  .strict();
export type CertificateInfo = z.infer<typeof CertificateInfoSchema>;

export const TRUST_PROBLEM_CODES = [
  /** No subjectAltName, and the CN is the name typed: Go 1.15+ refuses the CN. */
  'legacy-common-name',
  /** An IP typed, and the certificate has no IP SANs. */
  'no-ip-sans',
  /** SANs of the right kind, but none for this name or IP. */
  'name-mismatch',
  /** A name typed, and the certificate names no DNS SAN (none at all, or IP SANs only). */
  'no-dns-names',
  'expired',
  'not-yet-valid',
  /** The server sends no self-signed root, so the CA for ca.crt must come from a file. */
  'ca-not-sent',
  /** A certificate of the chain is issued by one the server does not send (an intermediate is missing). */
  'chain-incomplete',
  /** A certificate that issues another lacks basicConstraints CA:TRUE. */
  'issuer-not-ca',
  /** The CA given with --ca-file did not issue the server's chain. */
  'ca-file-mismatch',
  /** Neither certs.d nor the system's CA store trusts the chain. */
  'unknown-authority',
] as const;
export const TrustProblemCodeSchema = z.enum(TRUST_PROBLEM_CODES);
export type TrustProblemCode = z.infer<typeof TrustProblemCodeSchema>;

export const TrustProblemSchema = z
  .object({
    code: TrustProblemCodeSchema,
    /** Index into the chain of the certificate concerned; null when it is about the chain as a whole. */
    certificate: z.number().int().nonnegative().nullable(),
    /** What is wrong and why: `tls.problem.<code>…`, rendered in the reader's language. */
    explanation: MessageSchema,
    /** The error text Docker prints for it (Go's crypto/x509), verbatim, when Docker refuses because of it: shown quoted beside the explanation. */
    dockerError: z.string().nullable(),
    /** What to do about it: `tls.fix.…`. */
    fix: MessageSchema,
  })
  .strict();
export type TrustProblem = z.infer<typeof TrustProblemSchema>;

/** Who already makes Docker trust the chain. */
export const TrustedBySchema = z.enum(['certs.d', 'system']).nullable();

export const TrustInspectJsonSchema = z
  .object({
    /** host[:port] as certs.d names the directory. */
    registry: z.string(),
    /** What was connected to: host and port (443 when none was given). */
    address: z.string(),
    tlsVersion: z.string().nullable(),
    /** As the server sent it: the leaf first. */
    chain: z.array(CertificateInfoSchema),
    /** The certificate that belongs in ca.crt, and where it comes from; null when it cannot be told. */
    /** `aia`: the server does not send it; the leaf's Authority Information Access (caIssuers) names where it is published. */
    ca: z.object({ source: z.enum(['server', 'file', 'aia']), certificate: CertificateInfoSchema }).strict().nullable(),
    /** <certs.d>/<registry>/ca.crt */
    caPath: z.string(),
    trustedBy: TrustedBySchema,
    /** Everything Docker would object to, most decisive first (the first is what `docker pull` reports). */
    problems: z.array(TrustProblemSchema),
    /** Present when the chain lacks its CA and the leaf names caIssuers URLs: each URL followed, the issuers found (nearest first), and why it stopped short of a root. */
    aia: z.object({ urls: z.array(z.string()), issuers: z.array(CertificateInfoSchema), error: ErrorValueSchema.nullable() }).strict().optional(),
  })
  .strict();
export type TrustInspectJson = z.infer<typeof TrustInspectJsonSchema>;

export const TrustedRegistrySchema = z
  .object({
    registry: z.string(),
    /** <certs.d>/<registry>/ca.crt */
    path: z.string(),
    certificates: z.array(CertificateInfoSchema),
    /** Why ca.crt could not be read or parsed. */
    error: ErrorValueSchema.nullable(),
  })
  .strict();

export const TrustListJsonSchema = z
  .object({
    certsDir: z.string(),
    registries: z.array(TrustedRegistrySchema),
  })
  .strict();
export type TrustListJson = z.infer<typeof TrustListJsonSchema>;

/**
 * What `trust add`/`trust remove` did as the user, after the elevated part: `nss` one line per
 * browser database (`--os-store`), `user-store` Docker Desktop's (login keychain, Windows user
 * Root), `desktop-restart` and `engine-tls` the restart and the TLS request through the engine.
 */
export const TrustAsUserSchema = z
  .object({
    store: z.enum(['nss', 'user-store', 'desktop-restart', 'engine-tls']),
    /** How it ended, in that step's own words: added, present, browser-running, restarted, trusted... */
    state: z.string(),
    message: MessageSchema,
  })
  .strict();
export type TrustAsUser = z.infer<typeof TrustAsUserSchema>;

/** `trust add` and `trust remove`: the change, plus which CA and whether the registry's chain validates afterwards. */
export const TrustChangeJsonSchema = ChangeJsonSchema.extend({
  registry: z.string(),
  caPath: z.string(),
  /** The CA installed (add) or removed (remove). */
  ca: CertificateInfoSchema.nullable(),
  /** After an add: does the server's chain validate against ca.crt now? null when not checked (remove, or not reachable). */
  trustedAfter: z.boolean().nullable(),
  asUser: z.array(TrustAsUserSchema),
}).strict();
export type TrustChangeJson = z.infer<typeof TrustChangeJsonSchema>;
