import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The unit run's temporary folder (vitest globalSetup): every test's files, databases and
 * exports, and whatever the code under test keeps aside, go under one folder that is removed when
 * the run ends, instead of piling up in the system's temporary folder run after run.
 */
export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'billrecon-tests-'));
  // As open as /tmp itself: some tests run the CLI as another user, whose tools keep caches here.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
