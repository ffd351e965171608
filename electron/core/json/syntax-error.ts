import { type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { MessageCode } from '../../../shared/message';

/**
 * What is wrong at a JSON syntax error, as an id: each reader of a JSON file words it in its own
 * catalog sentence (`daemon.error.daemon-json-invalid.<problem>`), with the file's name and place.
 */
export const JSON_PROBLEMS = [
  'invalid-symbol',
  'invalid-number',
  'property-name-expected',
  'value-expected',
  'colon-expected',
  'comma-expected',
  'close-brace-expected',
  'close-bracket-expected',
  'end-of-file-expected',
  'comment',
  'unterminated-string',
  'incomplete-number',
  'invalid-unicode',
  'invalid-escape',
  'invalid-character',
  'unknown',
  'trailing-comma',
] as const;
export type JsonProblem = (typeof JSON_PROBLEMS)[number];

/**
 * Each problem as a phrase of the catalog, for a reader whose sentence names it through i18next
 * nesting (`$t({{problem}})`) instead of a sentence per problem.
 */
export const JSON_PROBLEM_PHRASES: Record<JsonProblem, MessageCode> = {
  'invalid-symbol': 'engine.json.invalid-symbol',
  'invalid-number': 'engine.json.invalid-number',
  'property-name-expected': 'engine.json.property-name-expected',
  'value-expected': 'engine.json.value-expected',
  'colon-expected': 'engine.json.colon-expected',
  'comma-expected': 'engine.json.comma-expected',
  'close-brace-expected': 'engine.json.close-brace-expected',
  'close-bracket-expected': 'engine.json.close-bracket-expected',
  'end-of-file-expected': 'engine.json.end-of-file-expected',
  'comment': 'engine.json.comment',
  'unterminated-string': 'engine.json.unterminated-string',
  'incomplete-number': 'engine.json.incomplete-number',
  'invalid-unicode': 'engine.json.invalid-unicode',
  'invalid-escape': 'engine.json.invalid-escape',
  'invalid-character': 'engine.json.invalid-character',
  'unknown': 'engine.json.unknown',
  'trailing-comma': 'engine.json.trailing-comma',
};

/** The first syntax error of a JSON text: where (offset and 1-based line:column) and what. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  problem: JsonProblem;
}

const PROBLEMS: Record<ReturnType<typeof printParseErrorCode>, JsonProblem> = {
  InvalidSymbol: 'invalid-symbol',
  InvalidNumberFormat: 'invalid-number',
  PropertyNameExpected: 'property-name-expected',
  ValueExpected: 'value-expected',
  ColonExpected: 'colon-expected',
  CommaExpected: 'comma-expected',
  CloseBraceExpected: 'close-brace-expected',
  CloseBracketExpected: 'close-bracket-expected',
  EndOfFileExpected: 'end-of-file-expected',
  InvalidCommentToken: 'comment',
  UnexpectedEndOfComment: 'comment',
  UnexpectedEndOfString: 'unterminated-string',
  UnexpectedEndOfNumber: 'incomplete-number',
  InvalidUnicode: 'invalid-unicode',
  InvalidEscapeCharacter: 'invalid-escape',
  InvalidCharacter: 'invalid-character',
  '<unknown ParseErrorCode>': 'unknown',
};

/** Describes jsonc-parser's first error of `text`; a trailing comma is pointed at where the fix is. */
export function describeJsonError(text: string, error: ParseError): JsonSyntaxError {
  const comma = trailingCommaBefore(text, error);
  const offset = comma ?? error.offset;
  const problem = comma !== undefined ? 'trailing-comma' : PROBLEMS[printParseErrorCode(error.error)];
  return { offset, ...lineColumn(text, offset), problem };
}

/** 1-based line and column, counting \r\n, \n or \r as one line break (as editors do). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
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

/**
 * jsonc-parser reports a trailing comma as a missing name or value at the closing bracket;
 * point at the comma itself.
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
