/**
 * The named fields of a decoded JSON object when each is a string, null for anything else. With
 * `absentAsEmpty` a missing field reads as "", like Go decoding into a struct of strings.
 * Hand-written rather than zod: it runs in docker-credential-dockside, which Docker starts for
 * every registry request, and loading zod nearly doubles that helper's start-up time.
 */
export function stringFields<K extends string>(value: unknown, keys: readonly K[], absentAsEmpty: boolean): Record<K, string> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const result = {} as Record<K, string>;
  for (const key of keys) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined && absentAsEmpty) result[key] = '';
    else if (typeof field === 'string') result[key] = field;
    else return null;
  }
  return result;
}
