import * as z from 'zod';

/**
 * `dockside profile apply --credentials FILE`: a user name and password per registry of the
 * profile, for registries with different accounts. JSON, keyed by the registry as the profile
 * names it (host[:port]): `{ "nexus.example.com:8443": { "username": "dev", "password": "..." } }`.
 * The file must be the user's own and readable by nobody else (0600): it holds passwords.
 */
export const ProfileCredentialsFileSchema = z
  .record(z.string().min(1), z.object({ username: z.string().min(1), password: z.string().min(1) }).strict())
  .refine((entries) => Object.keys(entries).length <= 32, { message: 'names more registries than a profile can hold (32)' });
export type ProfileCredentialsFile = z.infer<typeof ProfileCredentialsFileSchema>;
