import { type ParseError, printParseErrorCode } from 'jsonc-parser';

/** The first syntax error of a JSON text: where (offset and 1-based line:column) and what, in words a user can act on. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  problem: string;
}

const problems = (fileName: string): Record<ReturnType<typeof printParseErrorCode>, string> => ({
  InvalidSymbol: 'unexpected text (strings need double quotes; true, false and null are lowercase)',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon (:) after the property name',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected a closing brace }',
  CloseBracketExpected: 'expected a closing bracket ]',
  EndOfFileExpected: 'unexpected text after the end of the top-level object',
  InvalidCommentToken: `comments are not allowed in ${fileName}`,
  UnexpectedEndOfComment: `comments are not allowed in ${fileName}`,
  UnexpectedEndOfString: 'unterminated string: the closing double quote is missing on this line',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape (\\) in a string',
  InvalidCharacter: 'a control character inside a string (write it as an escape such as \\t)',
  '<unknown ParseErrorCode>': 'invalid JSON',
});

/** Describes jsonc-parser's first error of `text`; a trailing comma is pointed at where the fix is. */
export function describeJsonError(text: string, error: ParseError, fileName: string): JsonSyntaxError {
  const comma = trailingCommaBefore(text, error);
  const offset = comma ?? error.offset;
  const problem = comma !== undefined ? 'trailing comma after the last entry' : problems(fileName)[printParseErrorCode(error.error)];
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
