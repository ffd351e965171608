import type { Catalog } from '../message';
import type { Translate } from './translate';

/**
 * A copy of a JSON value with every message rendered beside its code: each `{code, params}` whose
 * code is a catalog key gets `message`, and each error (`{code, key, params}`) too, so `--json`
 * readers never parse prose and never need the catalog.
 */
export function fillMessages<T>(value: T, t: Translate, catalog: Catalog): T {
  const known = (code: unknown): code is keyof Catalog =>
    typeof code === 'string' && (code in catalog || `${code}_other` in catalog);
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(record)) copy[name] = walk(child);
    const params = record.params;
    if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
      const code = known(record.key) ? record.key : known(record.code) ? record.code : null;
      if (code !== null) copy.message = t(code as Parameters<Translate>[0], params as Record<string, string | number>);
    }
    return copy;
  };
  return walk(value) as T;
}
