import { parseTree } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { RegistrySettings } from '../../../../../shared/engine';
import { DocksideError } from '../../../errors';
import { describeJsonError, type JsonProblem, lineColumn } from '../../../json/syntax-error';

export interface ParsedDaemonJson {
  /** The whole file as dockerd sees it (a duplicated key keeps its last value, as in Go). */
  value: Record<string, unknown>;
  settings: RegistrySettings;
}

/** The keys Dockside owns, and the RegistrySettings field each fills. */
export const REGISTRY_KEYS = { mirrors: 'registry-mirrors', insecureRegistries: 'insecure-registries' } as const;

const BOM = '\uFEFF';

/** JSON whitespace only: Go's encoding/json refuses any other blank character. */
const JSON_BLANK = /^[ \t\r\n]*$/;


/**
 * Parses daemon.json the way dockerd does (Go encoding/json: strict JSON, an optional UTF-8 BOM,
 * an empty file means no settings) and reads the registry settings Dockside owns.
 */
export function parseDaemonJson(text: string, path: string): ParsedDaemonJson {
  if (text.charCodeAt(0) === 0xfffe || text.includes('\0')) throw notUtf8(path);
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (JSON_BLANK.test(body)) return { value: {}, settings: { mirrors: [], insecureRegistries: [] } };

  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first) {
    const syntax = describeJsonError(body, first);
    throw invalid(path, body, syntax.offset, syntax.problem);
  }
  if (!root || root.type !== 'object') throw invalid(path, body, root?.offset ?? 0, 'not-object', { found: root?.type ?? 'null' });

  return {
    value: nodeValue(root) as Record<string, unknown>,
    settings: {
      mirrors: stringList(path, body, root, REGISTRY_KEYS.mirrors),
      insecureRegistries: stringList(path, body, root, REGISTRY_KEYS.insecureRegistries),
    },
  };
}

/** The value node of a top-level property; the last one when the key is repeated, because that is the one dockerd uses. */
export function topLevelValue(root: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const property of root.children ?? []) {
    if (property.children?.[0]?.value === key) found = property.children[1];
  }
  return found;
}

/** The error describing a text that is not UTF-8 (UTF-16 from a Windows editor, or stray NUL bytes). */
export function notUtf8(path: string, what: 'utf16-or-nul' | 'utf16' | 'not-utf8' = 'utf16-or-nul'): DocksideError {
  return new DocksideError('daemon-json-encoding', `daemon.error.daemon-json-encoding.${what}`, { path });
}

function stringList(path: string, text: string, root: Node, key: string): string[] {
  const node = topLevelValue(root, key);
  // A JSON null leaves a Go slice empty, so dockerd accepts it as "no entries".
  if (!node || node.type === 'null') return [];
  if (node.type !== 'array') throw invalid(path, text, node.offset, 'not-list', { key, found: node.type });
  return (node.children ?? []).map((item) => {
    if (item.type !== 'string') throw invalid(path, text, item.offset, 'not-string-in-list', { key, found: item.type });
    return item.value as string;
  });
}


/** What daemon.json holds that dockerd cannot use: a syntax error, or a value of the wrong JSON type (`found`). */
type DaemonJsonProblem = JsonProblem | 'not-object' | 'not-list' | 'not-string-in-list';

/** Params: the file, its 1-based line and column (as editors count), and the problem's own (`key`, `found`). */
function invalid(path: string, text: string, offset: number, problem: DaemonJsonProblem, params: Record<string, string> = {}): DocksideError {
  const { line, column } = lineColumn(text, offset);
  return new DocksideError('daemon-json-invalid', `daemon.error.daemon-json-invalid.${problem}`, { path, line, column, ...params });
}

/** Like jsonc-parser's getNodeValue, but a "__proto__" key stays an ordinary property. */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) {
          Object.defineProperty(object, key.value as string, { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
        }
      }
      return object;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}
