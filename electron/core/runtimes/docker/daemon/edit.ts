import { applyEdits, parseTree } from 'jsonc-parser';
import type { Edit, Node } from 'jsonc-parser';
import type { RegistrySettings } from '../../../../../shared/engine';
import { parseDaemonJson, REGISTRY_KEYS, topLevelValue } from './parse';

/** How the file is laid out, so that what we add looks like what is there. */
interface Style {
  eol: string;
  /** One level of indentation: a tab or N spaces. */
  unit: string;
}

const BOM = '\uFEFF';

/**
 * The text of daemon.json with `registry-mirrors` and/or `insecure-registries` set to exactly
 * the given lists, every other byte unchanged. An empty list is written as `[]`, never as a
 * removed key: on reload dockerd keeps the old value of a key that is missing.
 *
 * jsonc-parser's `modify` is not used: with formatting options it reformats every line the edit
 * touches (a one-line file, or `"a":1` next to the insertion, comes back rewritten), and without
 * them it writes the array on one line. The edit is computed here and applied with `applyEdits`.
 */
export function withRegistrySettings(text: string, change: Partial<RegistrySettings>): string {
  const bom = text.startsWith(BOM) ? BOM : '';
  let body = text.slice(bom.length);
  const style = detectStyle(body);
  if (/^[ \t\r\n]*$/.test(body)) body = `{}${style.eol}`;
  // Refuses a file dockerd would refuse: Dockside never rewrites what it cannot read.
  parseDaemonJson(bom + body, 'daemon.json');

  // Inserted keys go first, so insert in reverse to end up with registry-mirrors before insecure-registries.
  for (const field of ['insecureRegistries', 'mirrors'] as const) {
    const values = change[field];
    if (values !== undefined) body = applyEdits(body, [setProperty(body, REGISTRY_KEYS[field], values, style)]);
  }
  return bom + body;
}

function setProperty(text: string, key: string, values: readonly string[], style: Style): Edit {
  const root = parseTree(text) as Node;
  const properties = root.children ?? [];
  // A non-empty object written on one line stays on one line.
  const inline = properties.length > 0 && !/[\r\n]/.test(text.slice(root.offset, root.offset + root.length));
  const name = `${JSON.stringify(key)}: `;

  const existing = topLevelValue(root, key);
  if (existing) {
    const indent = inline ? '' : lineIndent(text, existing.parent?.offset ?? existing.offset, style);
    return { offset: existing.offset, length: existing.length, content: renderList(values, inline, indent, style) };
  }

  const last = properties.at(-1);
  if (!last) {
    // `{}` or `{ }`: the blank between the braces is replaced by one property on its own line.
    const content = `${style.eol}${style.unit}${name}${renderList(values, false, style.unit, style)}${style.eol}`;
    return { offset: root.offset + 1, length: root.length - 2, content };
  }
  if (inline) return { offset: last.offset + last.length, length: 0, content: `, ${name}${renderList(values, true, '', style)}` };
  // A new key goes first, on lines of its own: no existing line changes (appending would add a comma to the last one).
  const first = properties[0] ?? last;
  const indent = lineIndent(text, first.offset, style);
  return { offset: first.offset, length: 0, content: `${name}${renderList(values, false, indent, style)},${style.eol}${indent}` };
}

/** `[]`, `["a", "b"]` inline, or one entry a line one level deeper than `indent`. */
function renderList(values: readonly string[], inline: boolean, indent: string, style: Style): string {
  if (values.length === 0) return '[]';
  const items = values.map((value) => JSON.stringify(value));
  if (inline) return `[${items.join(', ')}]`;
  const inner = indent + style.unit;
  return `[${style.eol}${inner}${items.join(`,${style.eol}${inner}`)}${style.eol}${indent}]`;
}

/** The blank before a property that starts its line; one level when something else precedes it on the line. */
function lineIndent(text: string, offset: number, style: Style): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : style.unit;
}

function detectStyle(text: string): Style {
  const eol = /\r\n|\n/.exec(text)?.[0] ?? '\n';
  // JSON strings hold no raw line breaks, so every line start is outside a string.
  const indented = /[\r\n]([ \t]+)[^ \t\r\n]/.exec(text)?.[1];
  let unit = '  ';
  if (indented?.startsWith('\t')) unit = '\t';
  else if (indented) unit = ' '.repeat(/^ +/.exec(indented)?.[0].length ?? 2);
  return { eol, unit };
}
