import type { FeeDetailLine, ImportRecord, Month } from '../model.js';
import { iterateRows, listImports, LIVE, type Db } from '../store/index.js';

/**
 * The fee-bill detail lines of a month as an export reads them: streamed in a stable order
 * (import, then source row) with their `file:row` trace, plus the files they came from.
 */
export interface MonthLines {
  month: Month;
  /** Live fee-detail imports contributing at least one line to the month, in import order. */
  files: ImportRecord[];
  /** Unmapped original columns (tags, 2024-11 fields …), in the order the files had them. */
  extraKeys: string[];
  lineCount: number;
  lines(): Generator<{ line: FeeDetailLine; trace: string }>;
  /** "file:row" for any stored row. */
  trace(importId: number, sourceRow: number): string;
}

export function monthLines(db: Db, month: Month): MonthLines {
  const imports = new Map(listImports(db).map((i) => [i.id, i]));
  const used = db
    .prepare(`select importId, count(*) as n from fee_detail where ${LIVE} and billMonth = ? group by importId order by importId`)
    .all(month) as { importId: number; n: number }[];
  const files = used.map((u) => imports.get(u.importId)!).filter(Boolean);
  const lineCount = used.reduce((a, u) => a + u.n, 0);

  const extraKeys: string[] = [];
  const seen = new Set<string>();
  const add = (k: string): void => {
    if (k && !seen.has(k)) {
      seen.add(k);
      extraKeys.push(k);
    }
  };
  const headerInfo = db.prepare('select headers, mapping from import where id = ?');
  for (const f of files) {
    const r = headerInfo.get(f.id) as { headers: string; mapping: string };
    const headers = JSON.parse(r.headers) as string[];
    const mapped = new Set(Object.values(JSON.parse(r.mapping) as Record<string, string>));
    if (headers.length) {
      for (const h of headers) if (!mapped.has(h)) add(h);
    } else {
      // JSON (API) imports have no header row: ask the rows themselves.
      const keys = db
        .prepare(`select distinct j.key as k from fee_detail f, json_each(f.extra) j where f.importId = ? and f.billMonth = ? order by j.key`)
        .pluck()
        .all(f.id, month) as string[];
      keys.forEach(add);
    }
  }

  const trace = (importId: number, sourceRow: number): string => `${imports.get(importId)?.fileName ?? `import#${importId}`}:${sourceRow}`;
  return {
    month,
    files,
    extraKeys,
    lineCount,
    trace,
    *lines() {
      for (const line of iterateRows(db, 'fee-detail', 'billMonth = ?', [month])) yield { line, trace: trace(line.importId, line.sourceRow) };
    },
  };
}
