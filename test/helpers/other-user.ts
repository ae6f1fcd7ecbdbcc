import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
/** The unprivileged user a root test run drops to: root may write where permissions forbid it. */
const NOBODY = 65534;

export const runningAsRoot = process.getuid?.() === 0;

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the real `billrecon` command in a child process as a user to whom permissions apply: this
 * user, or `nobody` when the tests run as root (as on CI), so a read-only folder or an unreadable
 * file behaves as it does for an ordinary user. Folders the child must reach need `opened`.
 */
export function runCliAsUser(args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'billrecon.mjs'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, ...env },
    timeout: 60_000,
    ...(runningAsRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Let the other user into (and read) a folder or file made by the test: rwx for all. */
export function opened(path: string, mode = 0o777): string {
  chmodSync(path, mode);
  return path;
}
