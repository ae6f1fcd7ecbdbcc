import type { Db } from './db.js';

/** "file:row" for a stored line: the accountant's way back to the bill. */
export function traceNamer(db: Db): (importId: number, sourceRow: number) => string {
  const names = new Map<number, string>();
  for (const r of db.prepare('select id, fileName from import').all() as { id: number; fileName: string }[]) names.set(r.id, r.fileName);
  return (importId, sourceRow) => `${names.get(importId) ?? `import#${importId}`}:${sourceRow}`;
}
