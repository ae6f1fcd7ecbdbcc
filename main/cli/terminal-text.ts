import type { CliIO } from './command.js';

/**
 * Characters a terminal would act on instead of showing: C0 controls (ESC starts colour,
 * cursor and title sequences), DEL, C1 controls (0x9b is a one-byte CSI) and the bidirectional
 * overrides that reorder what is shown. Tab and line feed lay out the report and stay; carriage
 * return stays on stderr only, where the progress bar redraws its line.
 */
const STDOUT_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const STDERR_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Text from bills, comments and user names as the terminal should show it: every unsafe
 * character written as `\uXXXX`, which is also a valid escape inside JSON strings, so JSON output
 * stays valid JSON.
 */
export function terminalText(text: string, unsafe: RegExp = STDOUT_UNSAFE): string {
  return text.replace(unsafe, escapeOne);
}

/** The same io, with everything a command prints passed through terminalText. */
export function escapingIo(io: CliIO): CliIO {
  return {
    ...io,
    stdout: (t) => io.stdout(terminalText(t)),
    stderr: (t) => io.stderr(terminalText(t, STDERR_UNSAFE)),
  };
}
