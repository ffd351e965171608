import * as z from 'zod';

/**
 * `dockside profile apply --credentials FILE`: a user name and password per registry of the
 * profile, for registries with different accounts. JSON, keyed by the registry as the profile
 * names it (host[:port]): `{ "nexus.example.com:8443": { "username": "dev", "password": "..." } }`.
 * The file must be the user's own and readable by nobody else (0600): it holds passwords.
 * Its schema message is a catalog code, as fileProblems (shared/profile) expects.
 */
export const ProfileCredentialsFileSchema = z
  .record(z.string().min(1), z.object({ username: z.string().min(1), password: z.string().min(1) }).strict())
  .refine((entries) => Object.keys(entries).length <= 32, { message: 'profile.invalid.credentials-too-many' });
export type ProfileCredentialsFile = z.infer<typeof ProfileCredentialsFileSchema>;
