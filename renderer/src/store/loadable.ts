import type { ErrorValue, Result } from '../../../shared/result';
import { thrown } from './thrown';

/** An IPC answer as a screen shows it: not asked yet, on its way, there, or failed with an error a user can act on. */
export type Loadable<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: ErrorValue };


/** Runs one IPC call and turns its result, or what it threw, into a Loadable. */
export async function call<T>(run: () => Promise<Result<T>>): Promise<Loadable<T>> {
  try {
    const result = await run();
    return result.ok ? { status: 'ready', value: result.value } : { status: 'failed', error: result.error };
  } catch (error) {
    return { status: 'failed', error: thrown(error) };
  }
}
