import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * An export writes `.<name>.<pid>.<ms>.partial` beside its target and renames it at the end
 * (main/core/export/atomic-file.ts). A host terminated by a cancel never gets to remove its
 * temporary file, so the relay removes the dead process's ones: a cancelled export leaves nothing.
 */
export function removeExportPartials(target: string, deadPid: number): string[] {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.${deadPid}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed = names.filter((n) => n.startsWith(prefix) && n.endsWith('.partial'));
  for (const n of removed) rmSync(join(dir, n), { force: true });
  return removed;
}
