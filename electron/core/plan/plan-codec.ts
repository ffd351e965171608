import { type Plan, PlanSchema } from '../../../shared/plan';
import { DocksideError } from '../errors';

/** Linux refuses a single argument over 128 KiB (MAX_ARG_STRLEN); say so before exec does. */
const MAX_ARGUMENT_BYTES = 128 * 1024 - 1;

/** A plan as one argv word: base64 of its JSON, never a file another process could swap. */
export function encodePlan(plan: Plan): string {
  const encoded = Buffer.from(JSON.stringify(PlanSchema.parse(plan)), 'utf8').toString('base64');
  if (encoded.length > MAX_ARGUMENT_BYTES) {
    throw new DocksideError('plan-too-large', `The change is too large to hand to the administrator process (${encoded.length} bytes encoded, at most ${MAX_ARGUMENT_BYTES}).`);
  }
  return encoded;
}

/** The elevated side trusts nothing: the argument must decode to a plan that passes the schema. */
export function decodePlan(encoded: string | undefined): Plan {
  if (encoded === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new DocksideError('invalid-plan', 'The privileged process needs one argument: a base64-encoded plan.');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw new DocksideError('invalid-plan', 'The plan argument is not base64-encoded JSON.');
  }
  const parsed = PlanSchema.safeParse(json);
  if (!parsed.success) throw new DocksideError('invalid-plan', `The plan does not match its schema: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
