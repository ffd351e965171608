import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { RegistrySettings } from '../../../shared/engine';
import { DocksideError } from '../errors';

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

const PROBLEMS: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: 'unexpected text (strings need double quotes; true, false and null are lowercase)',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon (:) after the property name',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected a closing brace }',
  CloseBracketExpected: 'expected a closing bracket ]',
  EndOfFileExpected: 'unexpected text after the end of the top-level object',
  InvalidCommentToken: 'comments are not allowed in daemon.json',
  UnexpectedEndOfComment: 'comments are not allowed in daemon.json',
  UnexpectedEndOfString: 'unterminated string: the closing double quote is missing on this line',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape (\\) in a string',
  InvalidCharacter: 'a control character inside a string (write it as an escape such as \\t)',
  '<unknown ParseErrorCode>': 'invalid JSON',
};

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
    const comma = trailingCommaBefore(body, first);
    if (comma !== undefined) throw invalid(path, body, comma, 'trailing comma after the last entry');
    throw invalid(path, body, first.offset, PROBLEMS[printParseErrorCode(first.error)]);
  }
  if (!root || root.type !== 'object') {
    throw invalid(path, body, root?.offset ?? 0, `the top level must be a JSON object ({ ... }), found ${describe(root)}`);
  }

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
export function notUtf8(path: string, detail = 'is saved as UTF-16 or contains NUL characters'): DocksideError {
  return new DocksideError(
    'daemon-json-encoding',
    `${path} ${detail}. Dockside reads and edits daemon.json only as UTF-8 text, and will not overwrite it. ` +
      'Save it as UTF-8 (for example with your editor\'s "save with encoding" or `iconv -t UTF-8`), then try again.',
  );
}

function stringList(path: string, text: string, root: Node, key: string): string[] {
  const node = topLevelValue(root, key);
  // A JSON null leaves a Go slice empty, so dockerd accepts it as "no entries".
  if (!node || node.type === 'null') return [];
  const shape = `"${key}" must be a list of strings, like ["example.com:5000"]`;
  if (node.type !== 'array') throw invalid(path, text, node.offset, `${shape}, found ${describe(node)}`);
  return (node.children ?? []).map((item) => {
    if (item.type !== 'string') throw invalid(path, text, item.offset, `${shape}, found ${describe(item)} in the list`);
    return item.value as string;
  });
}

/**
 * jsonc-parser reports a trailing comma as a missing name or value at the closing bracket;
 * point at the comma itself, where the fix is.
 */
function trailingCommaBefore(text: string, error: ParseError): number | undefined {
  const code = printParseErrorCode(error.error);
  if (code !== 'PropertyNameExpected' && code !== 'ValueExpected') return undefined;
  const closing = text[error.offset];
  if (closing !== '}' && closing !== ']') return undefined;
  let at = error.offset - 1;
  while (at >= 0 && ' \t\r\n'.includes(text[at] ?? '')) at -= 1;
  return text[at] === ',' ? at : undefined;
}

function invalid(path: string, text: string, offset: number, problem: string): DocksideError {
  const { line, column } = lineColumn(text, offset);
  return new DocksideError(
    'daemon-json-invalid',
    `${path}:${line}:${column}: ${problem}. dockerd refuses to start with this daemon.json, ` +
      'and Dockside will not overwrite a file it cannot read: fix it by hand (or restore a backup), then try again.',
  );
}

/** 1-based line and column, counting \r\n, \n or \r as one line break (as editors do). */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i += 1) {
    const ch = text[i];
    if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describe(node: Node | undefined): string {
  if (!node) return 'nothing';
  if (node.type === 'null') return 'null';
  return node.type === 'array' || node.type === 'object' ? `an ${node.type}` : `a ${node.type}`;
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
