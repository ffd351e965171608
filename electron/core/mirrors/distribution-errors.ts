/**
 * The error list a registry puts in a body, `{"errors":[{"code","message","detail"}]}`
 * (Distribution's spec): the code tells "manifest unknown" from "unauthorized" when the status
 * alone does not.
 */

export interface DistributionError {
  code: string;
  message: string;
}

const MAX_QUOTED_CHARS = 200;

/** The errors in `body`; empty when it is not such a list. */
export function distributionErrors(body: string): DistributionError[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((error: unknown) => {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    return typeof code === 'string' ? [{ code, message: typeof message === 'string' ? message : '' }] : [];
  });
}

/** `NAME_UNKNOWN: "repository name not known to registry"` (the first error), or '' when there is none. */
export function errorSummary(errors: DistributionError[]): string {
  const first = errors[0];
  if (!first) return '';
  return first.message ? `${first.code}: ${JSON.stringify(first.message.slice(0, MAX_QUOTED_CHARS))}` : first.code;
}

/** ` (the summary)` to append to a sentence, or ''. */
export function saidInParentheses(errors: DistributionError[]): string {
  const summary = errorSummary(errors);
  return summary ? ` (${summary})` : '';
}
