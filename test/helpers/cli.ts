import type { CliIO } from '../../main/cli/command.js';

/** A CLI io that keeps what the command printed: not a TTY, the given working folder and environment. */
export function captureIo(cwd: string, env: Record<string, string> = {}): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    isTTY: false,
    env,
    cwd,
  };
  return io;
}
