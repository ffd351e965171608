import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** Words that make a run of words an English sentence rather than a command or a name. */
const STOPWORDS = new Set(
  'the a an is are was were be been not no to of and or in on for with from by as at it its this that these those there here than then can cannot could does do did has have had will would should must may might when where which who what why how only also any every each all some into out so but if else yet still already'.split(' '),
);

/** True for text a user would read as an English sentence: three words or more, one of them a function word. */
export function looksLikeEnglish(text: string): boolean {
  // Whitespace separates words: `ca-not-sent` is one (a code), `is not sent` three.
  const words = text
    .replace(/\$\{[^}]*\}/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, ''))
    .filter((word) => /^[A-Za-z][A-Za-z']*$/.test(word));
  if (words.length < 3) return false;
  return words.some((word) => STOPWORDS.has(word.toLowerCase()));
}

export interface EnglishLiteral {
  line: number;
  text: string;
}

/**
 * The string and template literals of a TypeScript file that read as English prose, except
 * those marked `// verbatim: <why>` on their line or the line above (protocol texts Docker
 * compares or quotes byte for byte), module specifiers and string literal types.
 */
export function englishLiterals(path: string): EnglishLiteral[] {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const marked = (line: number) => /\/\/ verbatim\b/.test(lines[line] ?? '') || /^\s*\/\/ verbatim\b/.test(lines[line - 1] ?? '');
  const found: EnglishLiteral[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node)) return;
    let literal: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((span) => `\${} ${span.literal.text}`)].join('');
    if (literal !== null && looksLikeEnglish(literal)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line;
      if (!marked(line)) found.push({ line: line + 1, text: literal });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
