/**
 * A bad input: names the file, row and column, the value and the reason. Raised by the readers,
 * the classifier and the importer alike; quoted values and lists are bounded so a hostile file
 * cannot make a message of its size.
 */
/** Characters of a value a message quotes: enough to recognise it, never a 200 MB cell. */
export const QUOTED_CHARS = 80;
/** Names (headers, fields) a message lists before "and N more". */
export const LISTED_NAMES = 20;
/** A reason longer than this is cut: a message is read by a person. */
const REASON_CHARS = 2_000;

/** The start of a value, for a message: at most QUOTED_CHARS characters, then "…". */
export function shortValue(value: string, max = QUOTED_CHARS): string {
  return value.length > max ? value.slice(0, max) + '…' : value;
}

/**
 * Names for a message: the first LISTED_NAMES (each shortened), then "and N more", so a file
 * with thousands of unknown headers gives a readable sentence.
 */
export function listSome(names: readonly string[], max = LISTED_NAMES): string {
  const shown = names.slice(0, max).map((n) => shortValue(n));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

function shortReason(reason: string): string {
  return reason.length > REASON_CHARS ? `${reason.slice(0, REASON_CHARS)}… (${reason.length - REASON_CHARS} more characters)` : reason;
}

/** A bad input: names file, row and column, the value and the reason. */
export class ImportError extends Error {
  override name = 'ImportError';
  readonly isUserError = true;
  constructor(
    readonly file: string,
    readonly row: number | null,
    readonly column: string | null,
    readonly reason: string,
    readonly value?: string,
  ) {
    super(
      `${file}${row !== null ? `:${row}` : ''}${column !== null ? `:${shortValue(column)}` : ''}: ${shortReason(reason)}` +
        (value !== undefined ? ` (value ${JSON.stringify(shortValue(value))})` : ''),
    );
  }
}
