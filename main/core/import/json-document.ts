import type { Json } from './json-records.js';
import { ImportError } from './types.js';

/**
 * How deep a JSON document may nest. The vendor's deepest (DescribeBillDetail: Response,
 * DetailSet, ComponentSet, tags) is under 10; the walks over a parsed document recurse, so a
 * document nested 200,000 deep must be refused before they run, not overflow the stack.
 */
export const MAX_JSON_DEPTH = 256;

export interface JsonDocument {
  value: Json;
  /** True when the text was JSON lines (one value per line) rather than one document. */
  lines: boolean;
  /** For JSON lines: the 1-based line of each value. */
  lineNumbers?: number[];
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

/** The line and column of the first place nesting goes past `max`, or null. Strings are skipped. */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): { line: number; column: number } | null {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE || d === NEWLINE) break;
      }
      if (text.charCodeAt(i) === NEWLINE) {
        line++;
        lineStart = i + 1;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > max) return { line, column: i - lineStart + 1 };
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === NEWLINE) {
      line++;
      lineStart = i + 1;
    }
  }
  return null;
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Why JSON.parse refused the text, without the piece of input V8 quotes (which can be long or
 * hold control characters): the reason and, where V8 gives one, the offset.
 */
function syntaxReason(err: unknown): { reason: string; offset: number | null } {
  const message = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(message);
  let reason = message.replace(/,? ?".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/ at position \d+.*$/s, '');
  if (reason.length > 100) reason = reason.slice(0, 100) + '…';
  return { reason: reason || 'not valid JSON', offset: at ? Number(at[1]) : null };
}

function notValid(file: string, text: string, err: unknown, lineOffset: number | null): ImportError {
  const { reason, offset } = syntaxReason(err);
  if (offset === null) return new ImportError(file, lineOffset, null, `not valid JSON: ${reason}`);
  const p = position(text, offset);
  return new ImportError(file, (lineOffset ?? 1) + p.line - 1, null, `not valid JSON at column ${p.column}: ${reason}`);
}

function parseLines(file: string, text: string, whole: unknown): JsonDocument {
  const lines = text.split(/\r?\n/);
  const values: Json[] = [];
  const lineNumbers: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === '') continue;
    try {
      values.push(JSON.parse(l) as Json);
      lineNumbers.push(i + 1);
    } catch (e) {
      if (values.length === 0 && i === 0) throw notValid(file, text, whole, null);
      throw notValid(file, l, e, i + 1);
    }
  }
  if (values.length === 0) throw new ImportError(file, null, null, 'empty file: no JSON records');
  return { value: values, lines: true, lineNumbers };
}

/**
 * Parse a whole JSON document, or JSON lines when the text is not one JSON value: the result of
 * json-records' parseJsonDocument, but a document nested deeper than MAX_JSON_DEPTH is refused
 * with a sentence naming the file and line, and a syntax error names line and column without
 * quoting the input.
 */
export function readJsonDocument(file: string, text: string): JsonDocument {
  const deep = tooDeepAt(text);
  if (deep) {
    throw new ImportError(file, deep.line, null, `JSON nested deeper than ${MAX_JSON_DEPTH} levels (at column ${deep.column}): refused; a bill or usage record nests a few levels at most`);
  }
  try {
    return { value: JSON.parse(text) as Json, lines: false };
  } catch (whole) {
    return parseLines(file, text, whole);
  }
}
