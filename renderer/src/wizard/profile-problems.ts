import { type FileProblem, fileProblems, ProfileSchema } from '../../../shared/profile';

/**
 * The mistakes of a profile file the user picked, field by field, for the screen to list under the
 * error (the error's sentence names the fields only). Checked here with the engine's own schema and
 * mapping; empty when the text is no JSON object (the error says so itself).
 */
export function profileProblemsOf(text: string): FileProblem[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return [];
  const parsed = ProfileSchema.safeParse(json);
  return parsed.success ? [] : fileProblems(parsed.error, json);
}
