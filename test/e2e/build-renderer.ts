import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** vitest globalSetup of the e2e project: build the app once (electron-vite, no Electron binary needed). */
export default function buildRenderer(): void {
  const repo = join(__dirname, '..', '..');
  const r = spawnSync(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stderr}${r.stdout}`);
}
